package scenario_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"osaddon/testharness/scenario"
)

func TestExampleScenariosParse(t *testing.T) {
	files, err := filepath.Glob("../../examples/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenarios: %v", err)
	}
	for _, f := range files {
		s, err := scenario.Load(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if s.Cron == "" {
			t.Errorf("%s: cron not defaulted", f)
		}
	}
}

const minimal = `name: t
start: 2026-03-01T00:00:00Z
end: 2026-03-02T00:00:00Z
panel: {kind: vmmanager5, connection: c}
tariffs:
  - id: t1
    periods: [1]
    addon:
      internal_name: ostempl
      default: free
      values:
        - internal_name: free
          prices: [{months: 1, currency: EUR, amount: "0.00"}]
accounts:
  - {id: a, currency: EUR, balance: "1.00"}
services:
  - {id: s, account: a, tariff: t1, period_months: 1, period_start: 2026-03-01T00:00:00Z, addon_value: free, vm: "1"}
`

// TestBadScenariosNameFieldAndLine: each broken document fails with the
// field and the line where the problem is.
func TestBadScenariosNameFieldAndLine(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		want      string
	}{
		{"unknown key", minimal + "colour: red\n", 18, "field colour not found"},
		{"wrong type", strings.Replace(minimal, "periods: [1]", "periods: one", 1), 7, "cannot unmarshal"},
		{"unknown currency", strings.Replace(minimal, "currency: EUR, balance", "currency: EUX, balance", 1), 15, "accounts[0].currency"},
		{"money as garbage", strings.Replace(minimal, `balance: "1.00"`, `balance: "1,00"`, 1), 15, "accounts[0].balance"},
		{"negative price", strings.Replace(minimal, `amount: "0.00"`, `amount: "-1.00"`, 1), 13, "must not be negative"},
		{"unknown tariff", strings.Replace(minimal, "tariff: t1", "tariff: t9", 1), 17, "unknown tariff"},
		{"duplicate account", strings.Replace(minimal, `  - {id: a, currency: EUR, balance: "1.00"}`, "  - {id: a, currency: EUR, balance: \"1.00\"}\n  - {id: a, currency: EUR, balance: \"1.00\"}", 1), 16, "duplicate account"},
		{"bad panel kind", strings.Replace(minimal, "vmmanager5", "vmmanager7", 1), 4, "panel.kind"},
		{"event doing two things", minimal + "events:\n  - at: 2026-03-01T10:00:00Z\n    node: down\n    top_up: {account: a, amount: \"1\"}\n", 19, "exactly one"},
		{"event outside the window", minimal + "events:\n  - at: 2027-03-01T10:00:00Z\n    node: down\n", 19, "outside"},
		{"bad cron", minimal + "cron: every 4 hours\n", 18, "cron"},
		{"bad policy", minimal + "module:\n  policy: {proration: weekly}\n", 19, "module.policy"},
		{"not yaml", "name: [unclosed\n", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("s.yaml", []byte(tt.doc))
			var e *scenario.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *scenario.Error", err)
			}
			if e.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", e.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestMinimalParses(t *testing.T) {
	s, err := scenario.Parse("s.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if s.Cron != "30 */4 * * *" || len(s.Services) != 1 || s.Services[0].VM != "1" {
		t.Fatalf("parsed %+v", s)
	}
}

// FuzzParse: no document makes Parse panic, and every failure is an *Error.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("name: x\nstart: 2026-01-01T00:00:00Z\n"))
	f.Add([]byte("events: [{at: 1}]"))
	f.Add([]byte("&a [*a, *a]"))
	f.Add([]byte(minimal + "module:\n  policy: {proration: full_period, downgrade: refund}\n  mapping: {aliases: {a: b}, free_templates: [x]}\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, err := scenario.Parse("f.yaml", doc)
		var e *scenario.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not a *scenario.Error", err, err)
		}
	})
}
