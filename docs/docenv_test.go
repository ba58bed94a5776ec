package docs_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
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
