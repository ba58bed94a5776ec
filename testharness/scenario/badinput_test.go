package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"osaddon/testharness/scenario"
)

// TestBadScenarioCatalogue: more broken scenario files, each refused with
// a *scenario.Error that gives the field's path and the line it is on.
// Lines are of the minimal document, whose services entry is line 17;
// an event's first key is on line 20.
func TestBadScenarioCatalogue(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(minimal, old) {
			t.Fatalf("minimal has no %q", old)
		}
		return strings.Replace(minimal, old, new, 1)
	}
	event := func(body string) string { return minimal + "events:\n  - at: 2026-03-01T10:00:00Z\n" + body }
	cases := []struct {
		name, doc string
		line      int
		field     string // the Error's Field; "" for decoder errors
		want      string
	}{
		// No name.
		{"missing name", edit("name: t\n", ""), 1, "name", "required"},
		// The window ends before it starts.
		{"end before start", edit("end: 2026-03-02", "end: 2026-02-02"), 3, "end", "after start"},
		// A start that is not a time.
		{"start not a time", edit("start: 2026-03-01T00:00:00Z", "start: the first of March"), 2, "start", "not an RFC 3339 time"},
		// A bad time deep inside an event.
		{"event time not a time", event("    reinstall: {vm: \"1\", template: x}\n  - at: 10 o'clock\n    node: down\n"), 21, "events[1].at", "10 o'clock"},
		// No connection name for the panel.
		{"missing connection", edit("connection: c", "connection: ''"), 4, "panel.connection", "required"},
		// Two VMs with one id.
		{"duplicate VM", edit("panel: {kind: vmmanager5, connection: c}", "panel:\n  kind: vmmanager5\n  connection: c\n  vms:\n    - {id: '1'}\n    - {id: '1'}"), 9, "panel.vms[1].id", "duplicate VM"},
		// A VM state that is not one word (any word passes verbatim).
		{"bad VM state", edit("panel: {kind: vmmanager5, connection: c}", "panel:\n  kind: vmmanager5\n  connection: c\n  vms:\n    - {id: '1', state: melting down}"), 8, "panel.vms[0].state", "melting down"},
		// A negative number of generated VMs.
		{"negative generate", edit("panel: {kind: vmmanager5, connection: c}", "panel:\n  kind: vmmanager5\n  connection: c\n  generate: -1"), 7, "panel.generate", "0..100000"},
		// Paging is a VMmanager 6 matter.
		{"ignore_paging on v5", edit("panel: {kind: vmmanager5, connection: c}", "panel:\n  kind: vmmanager5\n  connection: c\n  ignore_paging: true"), 7, "panel.ignore_paging", "vmmanager6"},
		// Two tariffs with one id.
		{"duplicate tariff", edit("tariffs:\n", "tariffs:\n  - {id: t1, periods: [1]}\n"), 7, "tariffs[1].id", "duplicate tariff"},
		// A price in no ISO 4217 currency.
		{"unknown price currency", edit("currency: EUR, amount", "currency: EURO, amount"), 13, "tariffs[0].addon.values[0].prices[0].currency", "EURO"},
		// An enormous price.
		{"enormous price", edit(`amount: "0.00"`, `amount: "`+strings.Repeat("9", 40)+`"`), 13, "tariffs[0].addon.values[0].prices[0].amount", ""},
		// Money as a float with an exponent.
		{"exponent amount", edit(`amount: "0.00"`, `amount: "1e3"`), 13, "tariffs[0].addon.values[0].prices[0].amount", ""},
		// A negative credit limit.
		{"negative credit limit", edit(`balance: "1.00"}`, `balance: "1.00", credit_limit: "-5"}`), 15, "accounts[0].credit_limit", "must not be negative"},
		// A service of an unknown account.
		{"unknown account", edit("account: a,", "account: nobody,"), 17, "services[0].account", "unknown account"},
		// A zero period.
		{"zero period", edit("period_months: 1,", "period_months: 0,"), 17, "services[0].period_months", "must be positive"},
		// A service status that is not one.
		{"bad status", edit("vm: \"1\"}", "vm: \"1\", status: gone}"), 17, "services[0].status", "gone"},
		// Two services with one id.
		{"duplicate service", minimal + "  - {id: s, account: a, tariff: t1, period_months: 1, period_start: 2026-03-01T00:00:00Z, addon_value: free, vm: \"2\"}\n", 18, "services[1].id", "duplicate service"},
		// A top-up of an unknown account.
		{"top-up of an unknown account", event("    top_up: {account: nobody, amount: \"5\"}\n"), 20, "events[0].top_up.account", "unknown account"},
		// A negative top-up.
		{"negative top-up", event("    top_up: {account: a, amount: \"-5\"}\n"), 20, "events[0].top_up.amount", "must not be negative"},
		// A fault of no known kind.
		{"bad fault kind", event("    fault: {kind: gremlins, count: 1}\n"), 20, "events[0].fault.kind", "gremlins"},
		// A fault status that is not an HTTP error.
		{"bad fault status", event("    fault: {kind: status, status: 200, count: 1}\n"), 20, "events[0].fault.status", "200"},
		// A fault that happens zero times.
		{"zero fault count", event("    fault: {kind: truncate, count: 0}\n"), 20, "events[0].fault.count", "must be positive"},
		// A failing task that says nothing.
		{"task_fail without output", event("    fault: {kind: task_fail, count: 1}\n"), 20, "events[0].fault.output", "required"},
		// A suspend of an unknown service.
		{"suspend of an unknown service", event("    suspend: {service: nobody}\n"), 20, "events[0].suspend.service", "unknown service"},
		// An expected error code that is not one.
		{"positive expected code", event("    suspend: {service: s, expect_code: 32022}\n"), 20, "events[0].suspend.expect_code", "negative"},
		// A node word that is not down or up.
		{"bad node word", event("    node: sideways\n"), 20, "events[0].node", "sideways"},
		// A setparam with no template.
		{"setparam without a template", event("    setparam: {service: s}\n"), 20, "events[0].setparam.os_template", "required"},
		// An order of an unknown service.
		{"order of an unknown service", event("    order: {service: nobody, template: x}\n"), 20, "events[0].order.service", "unknown service"},
		// An order expected to make fewer than no panel requests.
		{"negative panel requests", event("    order: {service: s, template: x, expect: {panel_requests: -1}}\n"), 20, "events[0].order.expect.panel_requests", "negative"},
		// An expectation about an unknown account.
		{"expected balance of an unknown account", minimal + "expect:\n  balances:\n    nobody: \"1.00\"\n", 20, "expect.balances.nobody", "unknown account"},
		// A ledger entry of no known kind.
		{"bad ledger kind", minimal + "expect:\n  ledger:\n    - {service: s, kind: gift, amount: \"1.00\", currency: EUR}\n", 20, "expect.ledger[0].kind", "gift"},
		// An unknown key deep inside an event.
		{"unknown event key", event("    reinstall: {vm: \"1\", template: x, colour: red}\n"), 20, "", "colour"},
		// An empty file.
		{"empty", "", 0, "", "empty document"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse("s.yaml", []byte(tc.doc))
			var e *scenario.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v (%T), want *scenario.Error", err, err)
			}
			if e.Line != tc.line || e.Field != tc.field {
				t.Errorf("line %d field %q, want line %d field %q (%v)", e.Line, e.Field, tc.line, tc.field, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "s.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	t.Logf("%d scenario cases", len(cases))
}

// TestOversizedScenarioIsRefused: a file over MaxFileBytes is refused
// before it is decoded.
func TestOversizedScenarioIsRefused(t *testing.T) {
	doc := minimal + "# " + strings.Repeat("x", scenario.MaxFileBytes) + "\n"
	_, err := scenario.Parse("big.yaml", []byte(doc))
	var e *scenario.Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "exceeds") {
		t.Fatalf("error = %v, want a size refusal", err)
	}
}
