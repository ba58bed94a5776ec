package docs_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/internal/inproc"
	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// placeholder matches a documented placeholder: a JSON string such as
// "<vm id>", which stands for any value the module or panel assigns.
var placeholder = regexp.MustCompile(`^<[^<>]+>$`)

// TestProtocolExamples executes docs/PROTOCOL.md. Each request example
// goes, verbatim and in the doc's order, to a module configured against a
// fake VMmanager 5 (connection vm5) and an unreachable vm6; the response
// example after it must match the answer field for field. The
// billing/services example answer is the page the fake host serves, the
// billing/services and $/progress examples must match what the module sent,
// and each action example must match an action the module returned above.
// Blocks marked "json fragment" are skipped.
func TestProtocolExamples(t *testing.T) {
	blocks := jsonBlocks(t, "PROTOCOL.md")
	var page json.RawMessage
	for i, b := range blocks {
		if m := decodeBlock(t, b); m["method"] == "billing/services" && i+1 < len(blocks) {
			page = json.RawMessage(blocks[i+1].text)
		}
	}
	if page == nil {
		t.Fatal("PROTOCOL.md has no billing/services example with its answer")
	}
	env := newDocEnv(t, page)
	var actions []any
	executed := 0
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		m := decodeBlock(t, b)
		_, hasID := m["id"]
		method, _ := m["method"].(string)
		switch {
		case method == "billing/services":
			env.checkSent(t, b, m, env.callbacks())
			i++ // its answer is the page served
		case method == "$/progress":
			env.checkSent(t, b, m, env.progress())
		case method != "" && hasID:
			if i+1 >= len(blocks) {
				t.Fatalf("PROTOCOL.md:%d: request %s has no response example after it", b.line, method)
			}
			resp := blocks[i+1]
			i++
			got := env.call(t, b.text, m["id"])
			want := decodeBlock(t, resp)
			if d := diff(want, got.msg, ""); len(d) > 0 {
				t.Errorf("PROTOCOL.md:%d: the answer to the %s example differs from the example at line %d:\n  %s\nthe module answered:\n    %s",
					b.line, method, resp.line, strings.Join(d, "\n  "), got.raw)
			}
			actions = append(actions, actionsOf(got.msg)...)
			env.keys = collectKeys(got.msg, env.keys)
		case m["type"] != nil:
			checkAction(t, b, m, actions)
		default:
			t.Errorf("PROTOCOL.md:%d: a JSON example that is no request, response, notification or action; mark it ```json fragment if it is part of one", b.line)
		}
		executed++
	}
	t.Logf("%d examples checked", executed)
	checkKeyFormats(t, env.keys)
}

// keyFormats reads the formats of the table under "### Keys": each
// backquoted text with a colon in its second column, as a pattern.
func keyFormats(t *testing.T) []*regexp.Regexp {
	t.Helper()
	data, err := os.ReadFile("PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "\n### Keys\n")
	section, _, _ = strings.Cut(section, "\n### ")
	code := regexp.MustCompile("`([^`]*:[^`]*)`")
	part := regexp.MustCompile(`<[^<>]*>`)
	var out []*regexp.Regexp
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[2], -1) {
			var re strings.Builder
			rest := m[1]
			for rest != "" {
				loc := part.FindStringIndex(rest)
				lit := rest
				if loc != nil {
					lit = rest[:loc[0]]
				}
				re.WriteString(strings.ReplaceAll(regexp.QuoteMeta(lit), "…", ".*"))
				if loc == nil {
					break
				}
				if strings.Contains(rest[loc[0]:loc[1]], "…") {
					re.WriteString(".*")
				} else {
					re.WriteString("[^:]*")
				}
				rest = rest[loc[1]:]
			}
			out = append(out, regexp.MustCompile("^"+re.String()+"$"))
		}
	}
	if len(out) == 0 {
		t.Fatal("PROTOCOL.md has no key formats under ### Keys")
	}
	return out
}

// checkKeyFormats fails for each key that matches no format of the doc.
func checkKeyFormats(t *testing.T, keys []string) {
	t.Helper()
	formats := keyFormats(t)
	for _, key := range keys {
		if !slices.ContainsFunc(formats, func(re *regexp.Regexp) bool { return re.MatchString(key) }) {
			t.Errorf("PROTOCOL.md: the module sent the key %q, which matches no format under ### Keys", key)
		}
	}
	if len(keys) == 0 {
		t.Error("the examples returned no key")
	}
}

// collectKeys appends every "key" string of v, at any depth.
func collectKeys(v any, keys []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "key" {
				keys = append(keys, s)
			}
			keys = collectKeys(x, keys)
		}
	case []any:
		for _, x := range v {
			keys = collectKeys(x, keys)
		}
	}
	return keys
}

// jsonBlocks returns the json blocks of the doc that are not fragments.
func jsonBlocks(t *testing.T, path string) []block {
	t.Helper()
	var out []block
	for _, b := range readBlocks(t, path) {
		if b.lang() == "json" && !b.fragment() {
			out = append(out, b)
		}
	}
	return out
}

func decodeBlock(t *testing.T, b block) map[string]any {
	t.Helper()
	v, err := decode([]byte(b.text))
	if err != nil {
		t.Fatalf("PROTOCOL.md:%d: the example is not JSON (%v); complete it, or mark it ```json fragment", b.line, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("PROTOCOL.md:%d: the example is not a JSON object", b.line)
	}
	return m
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// diff lists where got differs from want, by path; a placeholder in want
// matches any value.
func diff(want, got any, path string) []string {
	if s, ok := want.(string); ok && placeholder.MatchString(s) {
		return nil
	}
	name := path
	if name == "" {
		name = "(top)"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc has an object, the module %s", name, show(got))}
		}
		var out []string
		for _, k := range sortedKeys(w) {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s: the module sends no such field", join(path, k)))
				continue
			}
			out = append(out, diff(w[k], gv, join(path, k))...)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s: the module also sends %s", join(path, k), show(g[k])))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc has a list, the module %s", name, show(got))}
		}
		var out []string
		for i := range max(len(w), len(g)) {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(g):
				out = append(out, fmt.Sprintf("%s: the module sends no such element", p))
			case i >= len(w):
				out = append(out, fmt.Sprintf("%s: the module also sends %s", p, show(g[i])))
			default:
				out = append(out, diff(w[i], g[i], p)...)
			}
		}
		return out
	default:
		if show(want) != show(got) {
			return []string{fmt.Sprintf("%s: the doc has %s, the module %s", name, show(want), show(got))}
		}
		return nil
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// actionsOf returns the actions of an answer, if it has any.
func actionsOf(msg any) []any {
	m, _ := msg.(map[string]any)
	res, _ := m["result"].(map[string]any)
	list, _ := res["actions"].([]any)
	return list
}

// checkAction matches an action example with the module's action of the
// same type and key, else reports the closest one of its type.
func checkAction(t *testing.T, b block, want map[string]any, actions []any) {
	t.Helper()
	typ, _ := want["type"].(string)
	key := actionKey(want)
	var best []string
	for _, a := range actions {
		m, _ := a.(map[string]any)
		if m["type"] != typ {
			continue
		}
		d := diff(want, a, "")
		if len(d) == 0 {
			return
		}
		if best == nil || len(d) < len(best) || actionKey(m) == key {
			best = d
		}
	}
	if best == nil {
		t.Errorf("PROTOCOL.md:%d: no example call above returned a %s action", b.line, typ)
		return
	}
	t.Errorf("PROTOCOL.md:%d: the %s example (key %s) matches no action the calls above returned; the closest differs:\n  %s",
		b.line, typ, key, strings.Join(best, "\n  "))
}

func actionKey(m map[string]any) string {
	typ, _ := m["type"].(string)
	inner, _ := m[typ].(map[string]any)
	key, _ := inner["key"].(string)
	return key
}

// answer is a message from the module, decoded and as sent.
type answer struct {
	msg map[string]any
	raw []byte
}

// docEnv is a module served in process, a fake VMmanager 5 behind it, and
// a fake host that answers billing/services with the doc's page.
type docEnv struct {
	w    io.Writer
	page json.RawMessage

	mu        sync.Mutex
	sent      []map[string]any // billing/services params the module sent
	progs     []map[string]any // $/progress params the module sent
	responses chan answer
	keys      []string      // every key the answers held
	stop      chan struct{} // closed when the test ends
	writeMu   sync.Mutex
}

func newDocEnv(t *testing.T, page json.RawMessage) *docEnv {
	t.Helper()
	f := vmfake.NewV5(t)
	for _, tpl := range vmfake.DefaultTemplates {
		f.RemoveTemplate(f.TemplateName(tpl))
	}
	f.AddTemplate(vmfake.Template{ID: "1", Repository: "ISPsystem", Name: "CentOS-7-amd64", State: "active"})
	f.AddTemplate(vmfake.Template{ID: "2", Name: "Windows-2019", State: "active"})
	for _, vm := range []vmfake.VM{
		{ID: "7", Name: "vps43", IP: "203.0.113.7", Template: "ISPsystem__CentOS-7-amd64", CPUs: 2, RAMMiB: 4096, DiskMiB: 51200},
		{ID: "8", Name: "vps44", IP: "203.0.113.8", Template: "Windows-2019", CPUs: 2, RAMMiB: 4096, DiskMiB: 51200},
		{ID: "9", Name: "old", IP: "203.0.113.9", Template: "ISPsystem__CentOS-7-amd64", CPUs: 1, RAMMiB: 1024, DiskMiB: 10240},
		{ID: "10", Name: "vps45", IP: "203.0.113.10", Template: "Windows-2019", CPUs: 2, RAMMiB: 4096, DiskMiB: 51200},
		{ID: "11", Name: "vps46", IP: "203.0.113.11", Template: "ISPsystem__CentOS-7-amd64", CPUs: 1, RAMMiB: 1024, DiskMiB: 10240},
	} {
		if _, err := f.AddVM(vm); err != nil {
			t.Fatal(err)
		}
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	unreachable := "http://" + closed.Addr().String()
	closed.Close()
	yaml := fmt.Sprintf(`connections:
  - {name: vm5, kind: vmmanager5, url: %q, username: %q, password: %q, timeout: 5s, retries: 0}
  - {name: vm6, kind: vmmanager6, url: %q, username: %q, password: %q, timeout: 5s, retries: 0}
`, f.URL(), vmfake.Username, vmfake.Password, unreachable, vmfake.Username, vmfake.Password)
	path := filepath.Join(t.TempDir(), "pmosaddon.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	log := hclog.NewNullLogger()
	rwc := inproc.Serve(t, func(h rpc.Host) rpc.Module { return module.New(cfg, h, log) }, serve.Options{Logger: log})
	e := &docEnv{w: rwc, page: page, responses: make(chan answer, 16), stop: make(chan struct{})}
	t.Cleanup(func() { close(e.stop) }) // runs before inproc's: read never blocks it
	go e.read(t, bufio.NewReader(rwc))
	return e
}

// read serves the module's messages: answers go to e.responses,
// billing/services calls get the page, notifications are recorded.
func (e *docEnv) read(t *testing.T, r *bufio.Reader) {
	defer close(e.responses)
	for {
		body, err := readFrame(r)
		if err != nil {
			return
		}
		v, err := decode(body)
		m, _ := v.(map[string]any)
		if err != nil || m == nil {
			t.Errorf("the module sent %q", body)
			return
		}
		params, _ := m["params"].(map[string]any)
		switch m["method"] {
		case nil:
			select {
			case e.responses <- answer{m, body}:
			case <-e.stop:
				return
			}
		case "billing/services":
			e.mu.Lock()
			e.sent = append(e.sent, params)
			e.mu.Unlock()
			id, _ := json.Marshal(m["id"])
			var doc struct {
				Result json.RawMessage `json:"result"`
			}
			if err := json.Unmarshal(e.page, &doc); err != nil {
				t.Errorf("the billing/services example answer: %v", err)
			}
			e.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":%s}`, id, doc.Result))
		case "$/progress":
			e.mu.Lock()
			e.progs = append(e.progs, params)
			e.mu.Unlock()
		default:
			t.Errorf("the module called %v", m["method"])
		}
	}
}

func (e *docEnv) send(t *testing.T, body string) {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if _, err := fmt.Fprintf(e.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Errorf("write: %v", err)
	}
}

// call sends a request example verbatim and returns the answer with its
// id.
func (e *docEnv) call(t *testing.T, request string, id any) answer {
	t.Helper()
	e.send(t, strings.TrimSpace(request))
	timeout := time.After(30 * time.Second)
	for {
		select {
		case a, ok := <-e.responses:
			if !ok {
				t.Fatal("the module's output ended")
			}
			if show(a.msg["id"]) == show(id) {
				return a
			}
			t.Errorf("an answer to no pending request: %s", a.raw)
		case <-timeout:
			t.Fatalf("no answer to %s within 30 s", request)
		}
	}
}

func (e *docEnv) callbacks() []map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.sent)
}

func (e *docEnv) progress() []map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.progs)
}

// checkSent matches a module → host example with the params of one of the
// messages of its method the module sent.
func (e *docEnv) checkSent(t *testing.T, b block, want map[string]any, sent []map[string]any) {
	t.Helper()
	var closest []string
	for _, p := range sent {
		d := diff(want["params"], any(p), "params")
		if len(d) == 0 {
			return
		}
		if closest == nil || len(d) < len(closest) {
			closest = d
		}
	}
	t.Errorf("PROTOCOL.md:%d: the module sent no %v like the example; the closest differs:\n  %s\nthe module sent these params:\n    %s",
		b.line, want["method"], strings.Join(closest, "\n  "), show(sent))
}

// readFrame reads one Content-Length framed body.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return nil, err
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("no Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

// TestProtocolFramingExample: the framing example's Content-Length is
// the length of the body it shows.
func TestProtocolFramingExample(t *testing.T) {
	for _, b := range readBlocks(t, "PROTOCOL.md") {
		lines := strings.Split(strings.TrimSpace(b.text), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "Content-Length: ") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(lines[0], "Content-Length: "), `\r\n`))
		if err != nil {
			t.Fatalf("PROTOCOL.md:%d: %v", b.line, err)
		}
		if body := lines[2]; n != len(body) {
			t.Errorf("PROTOCOL.md:%d: Content-Length %d, but the body is %d bytes", b.line, n, len(body))
		}
		return
	}
	t.Fatal("PROTOCOL.md has no framing example")
}
