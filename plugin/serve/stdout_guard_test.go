package serve

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// TestGuardStdoutPassesOnlyTheHandshake: of what is printed on os.Stdout
// while go-plugin starts, only the handshake line reaches the protocol's
// stream; a line printed after it, before go-plugin takes os.Stdout over,
// goes to the log.
func TestGuardStdoutPassesOnlyTheHandshake(t *testing.T) {
	var out, logs bytes.Buffer
	log := hclog.New(&hclog.LoggerOptions{Output: &logs, JSONFormat: true})
	handshake := "1|1|unix|/tmp/plugin1|netrpc|\n"
	guardStdout(strings.NewReader(handshake+"stray from a handler\nContent-Length: 9\r\n"), &out, log)
	if out.String() != handshake {
		t.Fatalf("the protocol's stream got %q, want only the handshake %q", out.String(), handshake)
	}
	for _, want := range []string{"stray from a handler", "Content-Length: 9"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks the stray line %q:\n%s", want, logs.String())
		}
	}
}
