package syncplan_test

import (
	"testing"

	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
)

// TestChangesNameTheOSParameter: a change sets the installed template under
// the host's "Operating system" parameter, and under protocol 1's
// os_template when the rules name none.
func TestChangesNameTheOSParameter(t *testing.T) {
	for _, tc := range []struct{ param, want string }{{"", syncplan.ParamOSTemplate}, {"ostempl", "ostempl"}, {"os", "os"}} {
		r := rules(t, pricing.DowngradeNone)
		r.OSParam = tc.param
		actions, outcome := planVM(r, tariff(), service("Free OS", "Ubuntu", "100", 1), vm("Windows-Server-2019"))
		if outcome != syncplan.Planned || len(actions) == 0 || actions[0].Change == nil {
			t.Fatalf("OSParam %q: planned %v %+v", tc.param, outcome, actions)
		}
		params := actions[0].Change.Params
		if len(params) != 1 || params[tc.want] != "Windows-Server-2019" {
			t.Errorf("OSParam %q: params = %v, want only %s", tc.param, params, tc.want)
		}
	}
}
