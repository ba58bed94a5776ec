package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"osaddon/plugin/config"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
)

// goodConnection is a valid connection; cases edit it. Its password must
// never show in an error.
const goodConnection = `connections:
  - name: vm5-msk
    kind: vmmanager5
    url: https://vm5.example.com:1500
    username: admin
    password: Pa55-never-shown
    timeout: 30s
`

// TestBadConfigFiles: every broken config is refused with an error that
// names the field (and the line, where the YAML decoder knows it), with its
// sentinel where there is one, and never with the password.
func TestBadConfigFiles(t *testing.T) {
	edit := func(old, new string) string { return strings.Replace(goodConnection, old, new, 1) }
	cases := []struct {
		name string
		doc  string
		is   error    // the sentinel the error must wrap, if any
		want []string // what the message must name
	}{
		// A key the module does not know, at the top: refused with its line.
		{"unknown top-level key", goodConnection + "polcy:\n  downgrade: refund\n", nil, []string{"line 8", "polcy"}},
		// A misspelt connection key: refused with its line.
		{"unknown connection key", edit("    timeout: 30s\n", "    timeout: 30s\n    insecure_skip_verfy: true\n"), nil, []string{"line 8", "insecure_skip_verfy"}},
		// A kind that is neither vmmanager5 nor vmmanager6.
		{"bad kind", edit("vmmanager5", "vmmanager7"), nil, []string{"connections[0]", "kind", "vmmanager7"}},
		// Two connections with one name: services could not say which.
		{"duplicate connection names", goodConnection + strings.TrimPrefix(goodConnection, "connections:\n"), nil, []string{"connections[1].name", "vm5-msk", "connections[0]"}},
		// Not an http or https URL.
		{"bad URL scheme", edit("https://vm5.example.com:1500", "ftp://vm5.example.com"), nil, []string{"connections[0]", "url"}},
		// A relative URL has no host.
		{"relative URL", edit("https://vm5.example.com:1500", "/vmmgr"), nil, []string{"connections[0]", "url"}},
		// Credentials in the URL would end up in logs.
		{"URL with credentials", edit("https://vm5.example.com:1500", "https://admin:Pa55-never-shown@vm5.example.com"), nil, []string{"connections[0]", "url", "credentials"}},
		// A missing password.
		{"missing password", edit("    password: Pa55-never-shown\n", ""), nil, []string{"connections[0]", "password is required"}},
		// A negative timeout.
		{"negative timeout", edit("timeout: 30s", "timeout: -5s"), nil, []string{"connections[0]", "timeout must not be negative"}},
		// A timeout that is not a duration: the decoder names the line.
		{"timeout not a duration", edit("timeout: 30s", "timeout: thirty"), nil, []string{"line 7", "thirty"}},
		// A negative back-off.
		{"negative backoff", edit("    timeout: 30s\n", "    timeout: 30s\n    backoff: -1ms\n"), nil, []string{"connections[0]", "backoff"}},
		// Retries that would stall a run.
		{"too many retries", edit("    timeout: 30s\n", "    timeout: 30s\n    retries: 1000\n"), nil, []string{"connections[0]", "retries", "1000"}},
		// A negative response limit.
		{"negative max_response_bytes", edit("    timeout: 30s\n", "    timeout: 30s\n    max_response_bytes: -1\n"), nil, []string{"connections[0]", "max_response_bytes"}},
		// A policy word that is not one.
		{"bad downgrade word", "policy:\n  downgrade: sometimes\n", pricing.ErrPolicy, []string{"policy", "downgrade", "sometimes"}},
		// Another bad policy word.
		{"bad insufficient_funds word", "policy:\n  insufficient_funds: shrug\n", pricing.ErrPolicy, []string{"policy", "insufficient_funds", "shrug"}},
		// A policy pair that cannot go together.
		{"full period with refund", "policy:\n  proration: full_period\n  downgrade: refund\n", pricing.ErrPolicy, []string{"policy", "downgrade"}},
		// A regular expression that does not compile.
		{"bad regexp in mapping", "mapping:\n  commercial_patterns: ['windows', '(unclosed']\n", mapping.ErrPattern, []string{"mapping", "commercial_patterns[1]", "(unclosed"}},
		// An alias to no value.
		{"empty alias value", "mapping:\n  aliases:\n    Windows-2019-ru: ''\n", nil, []string{"mapping", "aliases", "Windows-2019-ru"}},
		// A negative message limit.
		{"negative max_message_bytes", "limits:\n  max_message_bytes: -1\n", nil, []string{"limits.max_message_bytes"}},
		// A message limit below 64 KiB: not even initialize would fit.
		{"max_message_bytes below the floor", "limits:\n  max_message_bytes: 100\n", nil, []string{"limits.max_message_bytes", "100", "65536"}},
		// One byte under the floor.
		{"max_message_bytes one under the floor", "limits:\n  max_message_bytes: 65535\n", nil, []string{"limits.max_message_bytes", "65535"}},
		// No request could ever run.
		{"negative max_concurrent", "limits:\n  max_concurrent: -1\n", nil, []string{"limits.max_concurrent", "at least 1"}},
		// A callback deadline no billing core could meet.
		{"callback_timeout too short", "limits:\n  callback_timeout: 10ms\n", nil, []string{"limits.callback_timeout", "10ms"}},
		// A callback deadline that would let a dead host hold a sync for a day.
		{"callback_timeout too long", "limits:\n  callback_timeout: 24h\n", nil, []string{"limits.callback_timeout", "24h"}},
		// A callback deadline that is no duration.
		{"callback_timeout not a duration", "limits:\n  callback_timeout: soon\n", nil, []string{"line 2", "soon"}},
		// A log level that is not one.
		{"bad log level", "log:\n  level: chatty\n", nil, []string{"log.level", "chatty"}},
		// One key twice in a mapping.
		{"duplicate key", "log:\n  level: info\n  level: warn\n", nil, []string{"line 3", "level"}},
		// A list where a mapping goes.
		{"wrong shape", "connections:\n  name: vm5\n", nil, []string{"line 2"}},
		// Not YAML at all.
		{"not YAML", "connections: [unclosed\n", nil, []string{"line"}},
		// An empty file.
		{"empty document", "", config.ErrEmpty, nil},
		// A file larger than any config.
		{"too large", "# " + strings.Repeat("x", config.MaxFileBytes) + "\n", config.ErrTooLarge, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "Pa55-never-shown") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
	t.Logf("%d config cases", len(cases))
}

// TestWorldReadableConfigWarns: Load warns about a config others can
// read, and only then.
func TestWorldReadableConfigWarns(t *testing.T) {
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o640, true}, {0o644, true}, {0o604, true}} {
		path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
		if err := os.WriteFile(path, []byte(goodConnection), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		cfg, warnings, err := config.Load(path)
		if err != nil || cfg == nil {
			t.Fatalf("%04o: %v", tc.mode, err)
		}
		if got := len(warnings) == 1 && strings.Contains(warnings[0], "readable by others") && strings.Contains(warnings[0], path); got != tc.warn {
			t.Errorf("mode %04o: warnings %q, want a warning: %t", tc.mode, warnings, tc.warn)
		}
		for _, w := range warnings {
			if strings.Contains(w, "Pa55-never-shown") {
				t.Errorf("warning %q shows the password", w)
			}
		}
	}
}

// TestLoadNamesTheFile: an error from Load says which file is at fault.
func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	if err := os.WriteFile(path, []byte("log:\n  level: chatty\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := config.Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "log.level") {
		t.Fatalf("error = %v, want the path and log.level", err)
	}
}
