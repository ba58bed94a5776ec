package layering_test

import (
	"os/exec"
	"strings"
	"testing"
)

// rules: no package in from (a package or a pattern such as ./x/...; its
// non-test dependencies, transitively) may depend on a package whose path
// starts with a forbidden prefix, unless it starts with an allowed one.
var rules = []struct {
	from      string
	forbidden []string
	allowed   []string
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
	{
		from:      "osaddon/testharness/...",
		forbidden: []string{"osaddon/plugin"},
		allowed:   []string{"osaddon/plugin/vmmanager"},
		why: "the emulated billing core judges the module with its own rules: it may share rpc, host and xml, " +
			"and the VMmanager kinds and names its fake panels answer to, never the module's pricing, " +
			"mapping, money, keys, catalog or planner",
	},
}

func TestImportRules(t *testing.T) {
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.from).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", r.from, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if under(dep, r.forbidden) && !under(dep, r.allowed) {
				t.Errorf("%s depends on %s: %s", r.from, dep, r.why)
			}
		}
	}
}

// under reports whether pkg is one of prefixes or below one.
func under(pkg string, prefixes []string) bool {
	for _, prefix := range prefixes {
		if pkg == prefix || strings.HasPrefix(pkg, prefix+"/") {
			return true
		}
	}
	return false
}
