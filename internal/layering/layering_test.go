package layering_test

import (
	"os/exec"
	"strings"
	"testing"
)

// rules: no package in from (its non-test dependencies, transitively) may
// depend on a package whose path starts with a forbidden prefix.
var rules = []struct {
	from      string
	forbidden []string
	why       string
}{
	{
		from:      "osaddon/host",
		forbidden: []string{"osaddon/plugin"},
		why:       "the host SDK is what a billing core embeds: it shares only rpc with the module",
	},
	{
		from:      "osaddon/plugin/syncplan",
		forbidden: []string{"osaddon/rpc"},
		why:       "the planner decides; plugin/module translates its decisions into wire actions",
	},
}

func TestImportRules(t *testing.T) {
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.from).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", r.from, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, prefix := range r.forbidden {
				if dep == prefix || strings.HasPrefix(dep, prefix+"/") {
					t.Errorf("%s depends on %s: %s", r.from, dep, r.why)
				}
			}
		}
	}
}
