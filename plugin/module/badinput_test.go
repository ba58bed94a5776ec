package module_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/internal/inproc"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/pricing"
	"osaddon/plugin/serve"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// rawConn talks to the module byte for byte, so a test can send what no
// typed client would.
type rawConn struct {
	w io.Writer
	r *bufio.Reader
}

// rawResponse is a JSON-RPC message as it came: a response, or a call
// from the module (Method set).
type rawResponse struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    rpc.Code `json:"code"`
		Message string   `json:"message"`
		Data    struct {
			Field string `json:"field"`
		} `json:"data"`
	} `json:"error"`
}

// serveRaw serves the module on pipes and returns the raw host end.
func serveRaw(t *testing.T, cfg *config.Config) *rawConn {
	t.Helper()
	rwc := inproc.Serve(t, func(h rpc.Host) rpc.Module {
		return module.New(cfg, h, hclog.NewNullLogger())
	}, serve.Options{})
	return &rawConn{w: rwc, r: bufio.NewReader(rwc)}
}

func (c *rawConn) send(t *testing.T, body string) {
	t.Helper()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatal(err)
	}
}

// recv reads the next message; it fails the test after 20 s.
func (c *rawConn) recv(t *testing.T) rawResponse {
	t.Helper()
	type result struct {
		res rawResponse
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var n int
		for {
			line, err := c.r.ReadString('\n')
			if err != nil {
				ch <- result{err: err}
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(c.r, body); err != nil {
			ch <- result{err: err}
			return
		}
		var res rawResponse
		err := json.Unmarshal(body, &res)
		ch <- result{res, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.res
	case <-time.After(20 * time.Second):
		t.Fatal("no answer from the module")
	}
	panic("unreachable")
}

// call sends body and returns the answer, which must carry wantID.
func (c *rawConn) call(t *testing.T, body, wantID string) rawResponse {
	t.Helper()
	c.send(t, body)
	res := c.recv(t)
	if string(res.ID) != wantID {
		t.Fatalf("answer id = %s, want %s", res.ID, wantID)
	}
	return res
}

const initializeBody = `{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocol_version":1,"host":{"name":"t"}}}`

func (c *rawConn) initialize(t *testing.T) {
	t.Helper()
	res := c.call(t, initializeBody, `"init"`)
	if res.Error != nil || len(res.Result) == 0 {
		t.Fatalf("initialize: %+v", res.Error)
	}
}

// stillServes checks that the module, initialized before, still answers:
// a second initialize gets its coded refusal.
func (c *rawConn) stillServes(t *testing.T) {
	t.Helper()
	if res := c.call(t, initializeBody, `"init"`); res.Error == nil || res.Error.Code != rpc.CodeAlreadyInitialized {
		t.Fatalf("the module no longer serves: %+v, want %d", res.Error, rpc.CodeAlreadyInitialized)
	}
}

// openParams are valid open params as a generic document, for editing.
func openParams(t *testing.T, f *vmfake.Fake) map[string]any {
	t.Helper()
	s := serviceFor(f, "s1", "", "50.00")
	s.Status = "ordered"
	p := rpc.OpenParams{Service: s, Tariff: tariffFor(f), Template: windows(f),
		VM: rpc.VMSpec{Name: "v", Password: "pw-secret", CPUs: 2}, AsOf: may10}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a dotted path such as "tariff.addon.values.1" in a document.
func at(doc any, path string) map[string]any {
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		switch d := doc.(type) {
		case map[string]any:
			doc = d[part]
		case []any:
			i, _ := strconv.Atoi(part)
			doc = d[i]
		}
	}
	return doc.(map[string]any)
}

// request wraps params in a request with the method and a numeric id.
func request(t *testing.T, id int, method string, params any) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestBadInputOnTheWire: each broken message gets a JSON-RPC error with
// its code, under its id when one can be read, naming the field to blame;
// VMmanager is never called, and the module still answers initialize.
func TestBadInputOnTheWire(t *testing.T) {
	f := vmfake.NewV6(t)
	c := serveRaw(t, configFor(pricing.DowngradeNone, f))
	c.initialize(t)
	open := func(edit func(p map[string]any)) func(t *testing.T) string {
		return func(t *testing.T) string {
			p := openParams(t, f)
			edit(p)
			return request(t, 7, rpc.MethodOpen, p)
		}
	}
	literal := func(body string) func(*testing.T) string { return func(*testing.T) string { return body } }
	sync := func(edit func(p map[string]any)) func(t *testing.T) string {
		return func(t *testing.T) string {
			p := map[string]any{"connection": f.Config().Name, "run_id": "r", "as_of": may10, "page_size": 10}
			edit(p)
			return request(t, 7, rpc.MethodSyncServer, p)
		}
	}
	const nesting = 200000
	deep := `{"jsonrpc":"2.0","id":7,"method":"open","params":{"service":` +
		strings.Repeat("[", nesting) + strings.Repeat("]", nesting) + `}}`

	before := f.Requests()
	cases := []struct {
		name  string
		body  func(*testing.T) string
		id    string // the id the answer must carry
		code  rpc.Code
		field string // data.field; the message must start with it
	}{
		// The body is not JSON at all: no id can be read.
		{"not JSON", literal(`hello, module`), "null", rpc.CodeParseError, ""},
		// JSON cut short: the id is read leniently and kept.
		{"malformed JSON", literal(`{"jsonrpc":"2.0","id":7,"method":"open","params":{"service":`), "7", rpc.CodeParseError, ""},
		// A batch: this protocol takes one object per message.
		{"batch", literal(`[` + initializeBody + `,` + initializeBody + `]`), "null", rpc.CodeInvalidRequest, ""},
		// An object with no method is no request.
		{"no method", literal(`{"jsonrpc":"2.0","id":7}`), "7", rpc.CodeInvalidRequest, ""},
		// Deeper than any decoder goes; answered, not crashed.
		{"deeply nested document", literal(deep), "7", rpc.CodeParseError, ""},
		// A method the module does not serve.
		{"unknown method", literal(`{"jsonrpc":"2.0","id":7,"method":"billing/pay","params":{}}`), "7", rpc.CodeMethodNotFound, ""},
		// null params mean absent, and open needs them.
		{"null params", literal(`{"jsonrpc":"2.0","id":7,"method":"open","params":null}`), "7", rpc.CodeInvalidParams, "params"},
		// No params at all.
		{"missing params", literal(`{"jsonrpc":"2.0","id":7,"method":"open"}`), "7", rpc.CodeInvalidParams, "params"},
		// Params by position are not accepted.
		{"params as array", literal(`{"jsonrpc":"2.0","id":7,"method":"open","params":[1,2]}`), "7", rpc.CodeInvalidParams, "params"},
		// initialize first, and then a protocol it does not speak.
		{"protocol version 3", literal(`{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocol_version":3,"host":{"name":"t"}}}`), "7", rpc.CodeUnsupportedProtocol, "protocol_version"},
		// initialize without the host's name.
		{"initialize missing host.name", literal(`{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocol_version":1,"host":{}}}`), "7", rpc.CodeInvalidParams, "host.name"},
		// An unknown top-level field is refused, not ignored.
		{"unknown field", open(func(p map[string]any) { p["colour"] = "red" }), "7", rpc.CodeInvalidParams, "colour"},
		// An unknown field deep inside is named by its whole path.
		{"unknown nested field", open(func(p map[string]any) { at(p, "service.account")["colour"] = "red" }), "7", rpc.CodeInvalidParams, "service.account.colour"},
		// A time that is no RFC 3339 time names its field.
		{"bad time", open(func(p map[string]any) { at(p, "service")["period_start"] = "1st of May" }), "7", rpc.CodeInvalidParams, "service.period_start"},
		// A number where a string is expected.
		{"wrong type: template", open(func(p map[string]any) { p["template"] = 5 }), "7", rpc.CodeInvalidParams, "template"},
		// A string where a number is expected, deep inside.
		{"wrong type: period_months", open(func(p map[string]any) { at(p, "service")["period_months"] = "1" }), "7", rpc.CodeInvalidParams, "service.period_months"},
		// Money as a JSON number is refused: it must be a decimal string.
		{"amount as a JSON number", open(func(p map[string]any) { at(p, "service.account")["balance"] = 50.0 }), "7", rpc.CodeInvalidParams, "service.account.balance"},
		// An object where a list is expected.
		{"wrong type: values", open(func(p map[string]any) { at(p, "tariff.addon")["values"] = map[string]any{} }), "7", rpc.CodeInvalidParams, "tariff.addon.values"},
		// The template chosen is required.
		{"missing template", open(func(p map[string]any) { delete(p, "template") }), "7", rpc.CodeInvalidParams, "template"},
		// A missing currency is no currency.
		{"missing currency", open(func(p map[string]any) { delete(at(p, "service.account"), "currency") }), "7", rpc.CodeUnknownCurrency, "service.account.currency"},
		// A missing balance is no amount.
		{"missing balance", open(func(p map[string]any) { delete(at(p, "service.account"), "balance") }), "7", rpc.CodeInvalidAmount, "service.account.balance"},
		// A negative price.
		{"negative price", open(func(p map[string]any) { at(p, "tariff.addon.values.1.prices.0")["amount"] = "-20.00" }), "7", rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
		// An absurdly large price.
		{"enormous price", open(func(p map[string]any) {
			at(p, "tariff.addon.values.1.prices.0")["amount"] = "1" + strings.Repeat("0", 30) + ".00"
		}), "7", rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
		// An absurdly large balance.
		{"enormous balance", open(func(p map[string]any) { at(p, "service.account")["balance"] = strings.Repeat("9", 40) }), "7", rpc.CodeInvalidAmount, "service.account.balance"},
		// More decimals than any currency has.
		{"too precise", open(func(p map[string]any) { at(p, "tariff.addon.values.1.prices.0")["amount"] = "20.0000000000001" }), "7", rpc.CodeInvalidAmount, "tariff.addon.values[1].prices[0].amount"},
		// Scientific notation is no plain decimal.
		{"exponent", open(func(p map[string]any) { at(p, "service.account")["credit_limit"] = "1e3" }), "7", rpc.CodeInvalidAmount, "service.account.credit_limit"},
		// A currency that is not ISO 4217.
		{"unknown account currency", open(func(p map[string]any) { at(p, "service.account")["currency"] = "EUX" }), "7", rpc.CodeUnknownCurrency, "service.account.currency"},
		// A price in a currency that is not ISO 4217.
		{"unknown price currency", open(func(p map[string]any) { at(p, "tariff.addon.values.0.prices.0")["currency"] = "XYZ1" }), "7", rpc.CodeUnknownCurrency, "tariff.addon.values[0].prices[0].currency"},
		// The service names a tariff that was not sent.
		{"unknown tariff", open(func(p map[string]any) { at(p, "service")["tariff_id"] = "vps-9" }), "7", rpc.CodeUnknownTariff, "service.tariff_id"},
		// Two enumeration values with one internal name.
		{"duplicate enumeration value", open(func(p map[string]any) {
			a := at(p, "tariff.addon")
			a["values"] = append(a["values"].([]any), a["values"].([]any)[1])
		}), "7", rpc.CodeInvalidCatalog, "tariff"},
		// Two prices for one period and currency.
		{"duplicate price", open(func(p map[string]any) {
			v := at(p, "tariff.addon.values.1")
			v["prices"] = append(v["prices"].([]any), v["prices"].([]any)[0])
		}), "7", rpc.CodeInvalidCatalog, "tariff.addon.values[1].prices[1]"},
		// A default value that is not among the values.
		{"unknown default value", open(func(p map[string]any) { at(p, "tariff.addon")["default"] = "Ghost OS" }), "7", rpc.CodeInvalidCatalog, "tariff"},
		// A period the tariff does not sell.
		{"period not sold", open(func(p map[string]any) { at(p, "service")["period_months"] = 3 }), "7", rpc.CodeInvalidPeriod, "service.period_months"},
		// A period that ends before it starts.
		{"period reversed", open(func(p map[string]any) { at(p, "service")["period_end"] = "2024-04-01T00:00:00Z" }), "7", rpc.CodeInvalidPeriod, "service"},
		// A revision below zero.
		{"negative revision", open(func(p map[string]any) { at(p, "service")["revision"] = -1 }), "7", rpc.CodeInvalidParams, "service.revision"},
		// Negative cores.
		{"negative cpus", open(func(p map[string]any) { at(p, "vm")["cpus"] = -1 }), "7", rpc.CodeInvalidParams, "vm.cpus"},
		// Absurdly many cores.
		{"enormous cpus", open(func(p map[string]any) { at(p, "vm")["cpus"] = 1 << 30 }), "7", rpc.CodeInvalidParams, "vm.cpus"},
		// A connection the module has no config for.
		{"unknown connection", open(func(p map[string]any) { at(p, "service")["connection"] = "vm-nowhere" }), "7", rpc.CodeUnknownConnection, "service.connection"},
		// A sync without its run id.
		{"sync: missing run_id", sync(func(p map[string]any) { delete(p, "run_id") }), "7", rpc.CodeInvalidParams, "run_id"},
		// A negative page size.
		{"sync: negative page_size", sync(func(p map[string]any) { p["page_size"] = -5 }), "7", rpc.CodeInvalidParams, "page_size"},
		// A fractional page size.
		{"sync: fractional page_size", sync(func(p map[string]any) { p["page_size"] = 1.5 }), "7", rpc.CodeInvalidParams, "page_size"},
		// A sync of a connection that does not exist.
		{"sync: unknown connection", sync(func(p map[string]any) { p["connection"] = "vm-nowhere" }), "7", rpc.CodeUnknownConnection, "connection"},
		// suspend needs the VM's id.
		{"suspend: missing vm_id", literal(`{"jsonrpc":"2.0","id":7,"method":"suspend","params":{"service":{"id":"s1","connection":"x"},"as_of":"2024-05-10T00:00:00Z"}}`), "7", rpc.CodeInvalidParams, "service.vm_id"},
		// initialize once more on a connection that is initialized: the
		// first answer stands, and the module serves on.
		{"initialize twice", literal(strings.Replace(initializeBody, `"id":"init"`, `"id":7`, 1)), "7", rpc.CodeAlreadyInitialized, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.call(t, tc.body(t), tc.id)
			if res.Error == nil {
				t.Fatalf("no error; result %s", res.Result)
			}
			e := res.Error
			if e.Code != tc.code || e.Data.Field != tc.field {
				t.Fatalf("error = %d %q (field %q), want %d naming %q", e.Code, e.Message, e.Data.Field, tc.code, tc.field)
			}
			if tc.field != "" && !strings.HasPrefix(e.Message, tc.field+": ") {
				t.Fatalf("message %q does not start with the field %q", e.Message, tc.field)
			}
			if strings.Contains(e.Message, "pw-secret") || strings.Contains(e.Message, vmfake.Password) {
				t.Fatalf("message %q leaks a password", e.Message)
			}
		})
	}
	if got := f.Requests() - before; got != 0 {
		t.Errorf("VMmanager was called %d times for refused input", got)
	}
	t.Logf("%d wire cases", len(cases))
}

// TestOversizedMessageIsRefused: a 100 MB request is read and dropped, not
// held; it is answered -32003 under its id and the module serves on. The
// test streams the body, so it never holds the message itself.
func TestOversizedMessageIsRefused(t *testing.T) {
	c := serveRaw(t, nil)
	c.initialize(t)
	const size = 100 << 20
	head := `{"jsonrpc":"2.0","id":77,"method":"open","params":{"template":"`
	tail := `"}}`
	errc := make(chan error, 1)
	go func() {
		_, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", size, head)
		chunk := []byte(strings.Repeat("a", 64<<10))
		for left := size - len(head) - len(tail); err == nil && left > 0; left -= len(chunk) {
			_, err = c.w.Write(chunk[:min(left, len(chunk))])
		}
		if err == nil {
			_, err = io.WriteString(c.w, tail)
		}
		errc <- err
	}()
	res := c.recv(t)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if string(res.ID) != "77" || res.Error == nil || res.Error.Code != rpc.CodeMessageTooLarge {
		t.Fatalf("answer = %s %+v, want -32003 under id 77", res.ID, res.Error)
	}
	if !strings.Contains(res.Error.Message, strconv.Itoa(size)) {
		t.Errorf("message %q does not give the size", res.Error.Message)
	}
	// The module serves on: initialize is answered, as a second one.
	c.stillServes(t)
}

// duplicatePageHost serves one billing/services page that lists one
// service twice, or two services that claim one VM.
type duplicatePageHost struct {
	*billing
	page []rpc.Service
}

func (h duplicatePageHost) Services(context.Context, *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	return &rpc.ServicesResult{Services: h.page, Tariffs: h.tariffs}, nil
}

// TestDuplicateServicesInAPage: a page that repeats a service, or names
// one VM for two services, must not charge twice nor charge the wrong one.
func TestDuplicateServicesInAPage(t *testing.T) {
	for _, tc := range []struct {
		name string
		ids  [2]string
	}{
		// The host sends the same service twice.
		{"same service twice", [2]string{"svc-1", "svc-1"}},
		// Two services claim the same VM: which one to charge is not known.
		{"two services, one VM", [2]string{"svc-1", "svc-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := vmfake.NewV5(t)
			vmID := addVM(t, f, windows(f))
			b := newBilling(tariffFor(f))
			h := duplicatePageHost{billing: b}
			for _, id := range tc.ids {
				h.page = append(h.page, serviceFor(f, id, vmID, "100.00"))
			}
			b.services = h.page
			c := inProcess(t, configFor(pricing.DowngradeNone, f), h)
			res := runSync(t, c, f, "r", may10, false)
			ch := changes(res.Actions)
			t.Logf("%s: summary %+v, %d changes", tc.name, res.Summary, len(ch))
			if tc.ids[0] == tc.ids[1] {
				if len(ch) > 1 {
					t.Fatalf("one service planned %d times", len(ch))
				}
				return
			}
			if len(ch) != 0 {
				t.Fatalf("a VM claimed by two services was charged to %s", ch[0].ServiceID)
			}
			if n := notices(res.Actions, rpc.NoticeVMClaimedTwice); len(n) != 1 || n[0].VMID != vmID {
				t.Fatalf("vm_claimed_twice notices = %+v, want one for VM %s", n, vmID)
			}
		})
	}
}

// syncAnsweringPages sends a syncserver under id 7 and plays the host by
// hand: it answers each billing/services call with the raw page that page
// returns, so a test can send what no typed host would. It returns the
// answer to the sync.
func (c *rawConn) syncAnsweringPages(t *testing.T, connection string, page func(t *testing.T) string) rawResponse {
	t.Helper()
	c.send(t, request(t, 7, rpc.MethodSyncServer, map[string]any{"connection": connection, "run_id": "r", "as_of": may10}))
	for {
		msg := c.recv(t)
		switch msg.Method {
		case rpc.MethodBillingServices:
			c.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":%s}`, msg.ID, page(t)))
		case "":
			if string(msg.ID) != "7" {
				t.Fatalf("answer id = %s, want 7", msg.ID)
			}
			return msg
		}
	}
}

// goTypeNames are what Go type names look like in a message.
var goTypeNames = regexp.MustCompile(`\b(rpc|catalog|decimal|time|json|money)\.[A-Z]|Go (struct|value)|\[\][a-z]|\bint64\b|\bfloat64\b`)

// TestBadServicesInAPage: the sync section of the bad-input catalogue. A
// page holds a bad service, with its own VM, and a good one whose VM runs
// Windows. The bad one is left alone: one service_invalid notification
// names it and the field by its wire path, its VM is claimed (no
// orphan_vm), and it is listed in services_skipped; the good one is
// charged. A page that is not a page at all fails the run with -32030. No
// message names a Go type.
func TestBadServicesInAPage(t *testing.T) {
	f := vmfake.NewV6(t)
	badVM, goodVM := addVM(t, f, windows(f)), addVM(t, f, windows(f))
	c := serveRaw(t, configFor(pricing.DowngradeNone, f))
	c.initialize(t)
	good := serviceFor(f, "svc-ok", goodVM, "100.00")
	costly := tariffFor(f)
	costly.ID = "vps-2"
	pageDoc := func(t *testing.T) map[string]any {
		bad := serviceFor(f, "svc-bad", badVM, "100.00")
		data, err := json.Marshal(rpc.ServicesResult{Services: []rpc.Service{bad, good}, Tariffs: []rpc.Tariff{tariffFor(f), costly}})
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	edited := func(edit func(p map[string]any)) func(*testing.T) string {
		return func(t *testing.T) string {
			doc := pageDoc(t)
			edit(doc)
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	usesCostly := func(edit func(tariff map[string]any)) func(*testing.T) string {
		return edited(func(p map[string]any) {
			at(p, "services.0")["tariff_id"] = "vps-2"
			edit(at(p, "tariffs.1"))
		})
	}
	invalid := []struct {
		name      string
		page      func(*testing.T) string
		serviceID string // the service_invalid notification's service; "" when its id cannot be read
		field     string
	}{
		// Money as a JSON number in one balance.
		{"sync: balance as a JSON number", edited(func(p map[string]any) { at(p, "services.0.account")["balance"] = 100.0 }), "svc-bad", "services[0].account.balance"},
		// A currency that is not ISO 4217.
		{"sync: unknown currency EUX", edited(func(p map[string]any) { at(p, "services.0.account")["currency"] = "EUX" }), "svc-bad", "services[0].account.currency"},
		// A balance that is no plain decimal.
		{"sync: balance with an exponent", edited(func(p map[string]any) { at(p, "services.0.account")["balance"] = "1e3" }), "svc-bad", "services[0].account.balance"},
		// A tariff the page does not carry.
		{"sync: unknown tariff", edited(func(p map[string]any) { at(p, "services.0")["tariff_id"] = "vps-9" }), "svc-bad", "services[0].tariff_id"},
		// A service of another connection must not be charged here.
		{"sync: service of another connection", edited(func(p map[string]any) { at(p, "services.0")["connection"] = "vm-elsewhere" }), "svc-bad", "services[0].connection"},
		// A service without its connection.
		{"sync: service without a connection", edited(func(p map[string]any) { delete(at(p, "services.0"), "connection") }), "svc-bad", "services[0].connection"},
		// A time that is no RFC 3339 time.
		{"sync: bad period_start", edited(func(p map[string]any) { at(p, "services.0")["period_start"] = "1st of May" }), "svc-bad", "services[0].period_start"},
		// A string where a number goes.
		{"sync: period_months as a string", edited(func(p map[string]any) { at(p, "services.0")["period_months"] = "1" }), "svc-bad", "services[0].period_months"},
		// An id that is no string: the service is named by its place.
		{"sync: id as a number", edited(func(p map[string]any) { at(p, "services.0")["id"] = 17 }), "", "services[0].id"},
		// A status the contract does not know.
		{"sync: unknown status", edited(func(p map[string]any) { at(p, "services.0")["status"] = "deleted" }), "svc-bad", "services[0].status"},
		// A negative price makes its tariff's services invalid.
		{"sync: negative price in its tariff", usesCostly(func(tf map[string]any) {
			at(tf, "addon.values.1.prices.0")["amount"] = "-20.00"
		}), "svc-bad", "tariffs[1].addon.values[1].prices[0].amount"},
		// A price as a JSON number, likewise.
		{"sync: price as a JSON number in its tariff", usesCostly(func(tf map[string]any) {
			at(tf, "addon.values.1.prices.0")["amount"] = 20
		}), "svc-bad", "tariffs[1].addon.values[1].prices[0].amount"},
		// A tariff whose default is not among its values.
		{"sync: unknown default value in its tariff", usesCostly(func(tf map[string]any) { at(tf, "addon")["default"] = "Ghost OS" }), "svc-bad", "tariffs[1]"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			res := c.syncAnsweringPages(t, f.Config().Name, tc.page)
			if res.Error != nil {
				t.Fatalf("the run failed: %d %s", res.Error.Code, res.Error.Message)
			}
			var out rpc.SyncServerResult
			if err := json.Unmarshal(res.Result, &out); err != nil {
				t.Fatal(err)
			}
			for _, a := range out.Actions {
				if n := a.Notification; n != nil && goTypeNames.MatchString(n.Message) {
					t.Errorf("%s message names a Go type: %s", n.Kind, n.Message)
				}
			}
			bad := notices(out.Actions, rpc.NoticeServiceInvalid)
			if len(bad) != 1 || bad[0].ServiceID != tc.serviceID || bad[0].Field != tc.field || bad[0].VMID != badVM ||
				!strings.Contains(bad[0].Message, tc.field+": ") {
				t.Fatalf("service_invalid = %+v, want one for %q naming %s", bad, tc.serviceID, tc.field)
			}
			t.Logf("%s", bad[0].Message)
			if n := notices(out.Actions, rpc.NoticeOrphanVM); len(n) != 0 {
				t.Fatalf("the bad service's VM is reported an orphan: %+v", n)
			}
			if list := notices(out.Actions, rpc.NoticeServicesSkipped); len(list) != 1 || !strings.Contains(list[0].Message, "service_invalid: ") {
				t.Fatalf("services_skipped = %+v", list)
			}
			if sum := out.Summary; !sum.Complete || sum.Services != 2 || sum.Skipped != 1 || sum.SkippedByReason.Of(rpc.SkipServiceInvalid) != 1 {
				t.Fatalf("summary = %+v", sum)
			}
			b := newBilling()
			b.services = []rpc.Service{good}
			b.apply(t, out.Actions)
			if len(b.ledger) != 1 || b.ledger[0].Amount != "14.19" || b.service("svc-ok").Account.Balance != "85.81" {
				t.Fatalf("the good service was not charged once: ledger %+v", b.ledger)
			}
			if ch := changes(out.Actions); len(ch) != 1 || ch[0].ServiceID != "svc-ok" {
				t.Fatalf("changes = %+v", ch)
			}
		})
	}
	notAPage := []struct {
		name, page string
	}{
		// A result that is no object.
		{"sync: page is a string", `"services"`},
		// null is no page: read as empty, every VM would be an orphan.
		{"sync: page is null", `null`},
		// services must be a list.
		{"sync: services is an object", `{"services":{"0":{}},"tariffs":[]}`},
		// tariffs must be a list.
		{"sync: tariffs is a string", `{"services":[],"tariffs":"vps-1"}`},
		// The cursor must be a string.
		{"sync: next_cursor is a number", `{"services":[],"tariffs":[],"next_cursor":2}`},
	}
	for _, tc := range notAPage {
		t.Run(tc.name, func(t *testing.T) {
			res := c.syncAnsweringPages(t, f.Config().Name, func(*testing.T) string { return tc.page })
			if res.Error == nil || res.Error.Code != rpc.CodeHostCallback {
				t.Fatalf("answer = %+v %s, want -32030", res.Error, res.Result)
			}
			if goTypeNames.MatchString(res.Error.Message) {
				t.Fatalf("message names a Go type: %s", res.Error.Message)
			}
			t.Logf("%s", res.Error.Message)
		})
	}
	c.stillServes(t)
}

// TestBadServicesOnLaterPages: faults on later pages are named by their
// page and their place in it, on both panels; every other service is
// charged once, and a second run the same day plans the same
// notifications under the same keys, so the host records each once.
func TestBadServicesOnLaterPages(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		for i := range 5 {
			b.services = append(b.services, serviceFor(f, fmt.Sprintf("svc-%d", i+1), addVM(t, f, windows(f)), "100.00"))
		}
		b.services[2].Account.Currency = "EUX" // page 1, services[0]
		b.services[4].TariffID = "vps-9"       // page 2, services[0]
		c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
		first := runSync(t, c, f, "r1", may10, false)
		b.apply(t, first.Actions)
		second := runSync(t, c, f, "r2", may10.Add(4*time.Hour), false)
		b.apply(t, second.Actions)
		bad := notices(first.Actions, rpc.NoticeServiceInvalid)
		if len(bad) != 2 || bad[0].ServiceID != "svc-3" || bad[0].Field != "services[0].account.currency" ||
			!strings.Contains(bad[0].Message, "billing/services page 1: services[0].account.currency: \"EUX\"") ||
			bad[1].ServiceID != "svc-5" || bad[1].Field != "services[0].tariff_id" || !strings.Contains(bad[1].Message, "page 2") {
			t.Fatalf("service_invalid = %+v", bad)
		}
		if n := notices(first.Actions, rpc.NoticeOrphanVM); len(n) != 0 {
			t.Fatalf("orphans = %+v", n)
		}
		if len(b.ledger) != 3 || len(changes(second.Actions)) != 0 {
			t.Fatalf("ledger = %+v; second run changes %+v", b.ledger, changes(second.Actions))
		}
		recorded := map[string]int{}
		for _, n := range b.notices {
			recorded[n.Kind]++
		}
		if recorded[rpc.NoticeServiceInvalid] != 2 || recorded[rpc.NoticeServicesSkipped] != 1 {
			t.Fatalf("recorded notifications = %v", recorded)
		}
		if sum := second.Summary; sum.Services != 5 || sum.Skipped != 2 || sum.SkippedByReason != (rpc.SkipCounts{ServiceInvalid: 2}) {
			t.Fatalf("summary = %+v", sum)
		}
	})
}

// TestServiceInvalidIsBounded: a service_invalid notification quotes the
// host's value, cut to a bound, however long the value.
func TestServiceInvalidIsBounded(t *testing.T) {
	f := vmfake.NewV5(t)
	b := newBilling(tariffFor(f))
	s := serviceFor(f, "svc-1", addVM(t, f, windows(f)), "100.00")
	s.Account.Currency = strings.Repeat("X", 1<<20)
	b.services = []rpc.Service{s}
	c := inProcess(t, configFor(pricing.DowngradeNone, f), b)
	res := runSync(t, c, f, "r", may10, false)
	bad := notices(res.Actions, rpc.NoticeServiceInvalid)
	if len(bad) != 1 || bad[0].Field != "services[0].account.currency" || len(bad[0].Message) > 2048 {
		t.Fatalf("service_invalid = %.500v", bad)
	}
}
