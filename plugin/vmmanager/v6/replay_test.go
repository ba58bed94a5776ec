package v6_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"osaddon/plugin/vmmanager"
	v6 "osaddon/plugin/vmmanager/v6"
)

// replay is a panel that answers every request with a recorded document
// from testdata, chosen by route, and records what it was asked.
type replay struct {
	t *testing.T
	// hostList is served for GET /vm/v3/host, whatever limit, offset and
	// where say: public clients never page nor rely on a filter being
	// honoured.
	hostList []byte
	// tasks are served in turn for GET /vm/v3/task; the last repeats.
	tasks []string
	// expire answers the next that many calls other than the login 401.
	expire int

	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
}

func newReplay(t *testing.T, tasks ...string) *replay {
	return &replay{t: t, hostList: fixture(t, "host_list.json"), tasks: tasks}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seen returns the requests received whose path is path.
func (p *replay) seen(path string) []*http.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*http.Request
	for _, r := range p.requests {
		if r.URL.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// body returns the body of the last request to method path.
func (p *replay) body(method, path string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := ""
	for i, r := range p.requests {
		if r.Method == method && r.URL.Path == path {
			out = p.bodies[i]
		}
	}
	return out
}

func (p *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.requests = append(p.requests, r)
	p.bodies = append(p.bodies, string(body))
	var doc []byte
	route := r.Method + " " + r.URL.Path
	expired := p.expire > 0 && route != "POST /auth/v4/public/token"
	if expired {
		p.expire--
	}
	var login struct{ Password string }
	_ = json.Unmarshal(body, &login)
	switch {
	case expired || (route == "POST /auth/v4/public/token" && login.Password != "pw"):
		w.WriteHeader(http.StatusUnauthorized)
		doc = fixture(p.t, "error_unauthorized.json")
	case route == "POST /auth/v4/public/token":
		doc = fixture(p.t, "token.json")
	case route == "GET /vm/v3/os":
		doc = fixture(p.t, "os_list.json")
	case route == "GET /vm/v3/host":
		doc = p.hostList
	case route == "POST /vm/v3/host":
		doc = fixture(p.t, "create.json")
	case route == "POST /vm/v3/host/7/stop", route == "POST /vm/v3/host/7/start", route == "DELETE /vm/v3/host/7":
		doc = fixture(p.t, "operation.json")
	case route == "GET /vm/v3/task":
		name := p.tasks[0]
		if len(p.tasks) > 1 {
			p.tasks = p.tasks[1:]
		}
		doc = fixture(p.t, name)
	default:
		w.WriteHeader(http.StatusNotFound)
		doc = fixture(p.t, "error_not_found.json")
	}
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(doc)
}

// client is a v6 client of a replayed panel, with small pages so that a
// panel that ignores paging shows.
func (p *replay) client(t *testing.T) *v6.Client {
	t.Helper()
	return p.clientWith(t, "pw")
}

func (p *replay) clientWith(t *testing.T, password string) *v6.Client {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, err := v6.New(vmmanager.Config{Name: "replay", Kind: vmmanager.KindV6, URL: srv.URL, Username: "admin@example.com",
		Password: password, Timeout: 2 * time.Second, Backoff: time.Millisecond, Cluster: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.PageSize = 2
	c.TaskTimeout = 2 * time.Second
	return c
}
