package rpc_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"osaddon/rpc"
)

// goTypeName matches what Go type names look like in a message.
var goTypeName = regexp.MustCompile(`\b(rpc|catalog|decimal|time|json)\.[A-Z]|Go (struct|value)|\[\][a-z]|\bint64\b|\bfloat64\b`)

const goodService = `{"id":"s1","account":{"id":"a1","currency":"EUR","balance":"1.00","credit_limit":"0"},"tariff_id":"t1","period_months":1,"period_start":"2026-03-01T00:00:00Z","period_end":"2026-04-01T00:00:00Z","addon_value":"free","os_template":"x","vm_id":"7","connection":"vm5","status":"active"}`

const goodTariff = `{"id":"t1","periods":[1],"addon":{"internal_name":"ostempl","billing_type":"order","default":"free","values":[{"internal_name":"free","prices":[{"months":1,"currency":"EUR","amount":"0.00"}]}]}}`

// TestServicesPageKeepsGoodItems: one service or tariff that cannot be
// decoded is a fault of its own, named by its wire path; the rest of the
// page is read, and the bad item keeps its place with what could be read.
func TestServicesPageKeepsGoodItems(t *testing.T) {
	badService := strings.Replace(strings.Replace(goodService, `"balance":"1.00"`, `"balance":1.00`, 1), `"s1"`, `"s2"`, 1)
	badTariff := strings.Replace(goodTariff, `"months":1,"currency"`, `"months":"1","currency"`, 1)
	page := `{"services":[` + goodService + `,` + badService + `],"tariffs":[` + goodTariff + `,` + badTariff + `],"next_cursor":"c"}`
	var res rpc.ServicesResult
	if err := json.Unmarshal([]byte(page), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Services) != 2 || res.Services[0].Account.Balance != "1.00" || res.NextCursor != "c" || len(res.Tariffs) != 2 {
		t.Fatalf("page = %+v", res)
	}
	if s := res.Services[1]; s.ID != "s2" || s.VMID != "7" || s.Connection != "vm5" || s.TariffID != "t1" {
		t.Fatalf("what was read of the bad service = %+v", s)
	}
	want := []rpc.ItemFault{
		{Item: "services[1]", Field: "services[1].account.balance", Message: `money must be a decimal string such as "12.50", got JSON number`},
		{Item: "tariffs[1]", Field: "tariffs[1].addon.values[0].prices[0].months", Message: "expected an integer, got JSON string"},
	}
	if len(res.Faults) != len(want) || res.Faults[0] != want[0] || res.Faults[1] != want[1] {
		t.Fatalf("faults = %+v\nwant %+v", res.Faults, want)
	}
	if res.Tariffs[1].ID != "t1" {
		t.Fatalf("what was read of the bad tariff = %+v", res.Tariffs[1])
	}
	out, err := json.Marshal(rpc.ServicesResult{Faults: want})
	if err != nil || string(out) != `{"services":null,"tariffs":null}` {
		t.Fatalf("faults reach the wire: %s %v", out, err)
	}
}

// TestServicesPageOfTheWrongShape: a page that is no page fails whole,
// naming what is wrong in JSON terms.
func TestServicesPageOfTheWrongShape(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{`null`, "the page is null, not an object"},
		{`[]`, "the page: expected an object, got JSON array"},
		{`{"services":"all"}`, "services: expected an array, got JSON string"},
		{`{"services":[],"tariffs":{}}`, "tariffs: expected an array, got JSON object"},
		{`{"services":[],"next_cursor":false}`, "next_cursor: expected a string, got JSON bool"},
	} {
		var res rpc.ServicesResult
		err := json.Unmarshal([]byte(tc.page), &res)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error = %v, want %q", tc.page, err, tc.want)
		}
	}
}

// FuzzServicesResult: whatever a host sends as a page, decoding neither
// panics nor names a Go type; each fault names a field inside its item,
// and each item keeps its place.
func FuzzServicesResult(f *testing.F) {
	f.Add(`{"services":[` + goodService + `],"tariffs":[` + goodTariff + `]}`)
	f.Add(`{"services":[{"id":1,"account":{"balance":2}},7,null],"tariffs":[{"id":"t","periods":"1"}],"next_cursor":"x"}`)
	f.Add(`{"services":[{"period_start":"yesterday","revision":"3"}],"tariffs":[{"addon":{"values":[{"per_core":[]}]}}]}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, page string) {
		var items struct {
			Services, Tariffs []json.RawMessage
		}
		var res rpc.ServicesResult
		err := json.Unmarshal([]byte(page), &res)
		if err != nil {
			if goTypeName.MatchString(err.Error()) {
				t.Fatalf("error names a Go type: %v", err)
			}
			return
		}
		if json.Unmarshal([]byte(page), &items) == nil && (len(items.Services) != len(res.Services) || len(items.Tariffs) != len(res.Tariffs)) {
			t.Fatalf("%d services and %d tariffs sent, %d and %d read", len(items.Services), len(items.Tariffs), len(res.Services), len(res.Tariffs))
		}
		for _, fault := range res.Faults {
			if !strings.HasPrefix(fault.Field, fault.Item) || fault.Message == "" || goTypeName.MatchString(fault.Message) {
				t.Fatalf("fault = %+v", fault)
			}
		}
	})
}

// TestSkipCountsOnTheWire: every reason is counted under its own name,
// and zero counts and an empty split are omitted.
func TestSkipCountsOnTheWire(t *testing.T) {
	var c rpc.SkipCounts
	reasons := []string{rpc.SkipInstalling, rpc.SkipNoTemplate, rpc.SkipServiceInvalid, rpc.SkipVMClaimedTwice,
		rpc.SkipVMMissing, rpc.SkipNoVM, rpc.SkipOutsidePeriod, rpc.SkipInactive, rpc.SkipDuplicate, rpc.SkipListingIncomplete}
	for i, r := range reasons {
		for range i + 1 {
			if !c.Add(r) {
				t.Fatalf("%s is not counted", r)
			}
		}
	}
	if c.Add("sleeping") || c.Of("sleeping") != 0 {
		t.Fatal("an unknown reason was counted")
	}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]int
	if err := json.Unmarshal(data, &back); err != nil || len(back) != len(reasons) {
		t.Fatalf("%s: %v", data, err)
	}
	for i, r := range reasons {
		if back[r] != i+1 || c.Of(r) != i+1 {
			t.Fatalf("%s: %d on the wire, %d counted, want %d", r, back[r], c.Of(r), i+1)
		}
	}
	empty, _ := json.Marshal(rpc.SyncSummary{Connection: "vm5"})
	if strings.Contains(string(empty), "skipped_by_reason") {
		t.Fatalf("an empty split is sent: %s", empty)
	}
	one, _ := json.Marshal(rpc.SyncSummary{Skipped: 1, SkippedByReason: rpc.SkipCounts{Installing: 1}})
	if !strings.Contains(string(one), `"skipped":1,"skipped_by_reason":{"installing":1}`) {
		t.Fatalf("summary = %s", one)
	}
}
