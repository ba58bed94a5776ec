package v5_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"osaddon/plugin/vmmanager"
	v5 "osaddon/plugin/vmmanager/v5"
)

// replay is a panel that answers each func with a recorded document from
// testdata, and records the forms it was sent.
type replay struct {
	t *testing.T
	// expire answers the next that many non-auth calls with a dropped
	// session.
	expire int

	mu    sync.Mutex
	forms []url.Values
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// form returns the last form sent for fn.
func (p *replay) form(fn string) url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out url.Values
	for _, f := range p.forms {
		if f.Get("func") == fn {
			out = f
		}
	}
	return out
}

func (p *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.forms = append(p.forms, r.PostForm)
	expired := p.expire > 0 && r.PostForm.Get("func") != "auth"
	if expired {
		p.expire--
	}
	p.mu.Unlock()
	if expired || (r.PostForm.Get("func") == "auth" && r.PostForm.Get("password") != "pw") {
		_, _ = w.Write(fixture(p.t, "error_auth.xml"))
		return
	}
	name := map[string]string{
		"auth": "auth.xml", "vm": "vm_list.xml", "osmgr": "osmgr.xml", "vm.reinstall": "ok.xml",
		"vm.start": "ok.xml", "vm.stop": "ok.xml", "vm.delete": "ok.xml",
	}[r.PostForm.Get("func")]
	switch {
	case r.PostForm.Get("func") == "vm.edit" && r.PostForm.Get("sok") == "ok":
		name = "created.xml"
	case r.PostForm.Get("func") == "vm.edit":
		name = "vm_edit.xml"
	case r.PostForm.Get("elid") == "404":
		name = "error_missed.xml"
	case name == "":
		name = "error_value.xml"
	}
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	_, _ = w.Write(fixture(p.t, name))
}

// count counts the forms sent for fn.
func (p *replay) count(fn string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, f := range p.forms {
		if f.Get("func") == fn {
			n++
		}
	}
	return n
}

func (p *replay) client(t *testing.T) *v5.Client {
	t.Helper()
	return p.clientWith(t, "pw")
}

func (p *replay) clientWith(t *testing.T, password string) *v5.Client {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, err := v5.New(vmmanager.Config{Name: "replay", Kind: vmmanager.KindV5, URL: srv.URL, Username: "root",
		Password: password, Timeout: 2 * time.Second, Backoff: time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
