package vmfake_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"osaddon/plugin/vmmanager"
	"osaddon/testharness/vmfake"
)

// recordedDir holds the documents recorded from the public shapes, beside
// each adapter.
func recordedDir(kind string) string {
	v := map[string]string{vmmanager.KindV5: "v5", vmmanager.KindV6: "v6"}[kind]
	return filepath.Join("..", "..", "plugin", "vmmanager", v, "testdata")
}

// recordedPanel starts a read-only panel that answers with the recorded
// documents, as a real panel words them, and returns a connection to it.
// Like a real panel as public clients use it, the v6 one ignores paging
// and filters.
func recordedPanel(t *testing.T, kind string) vmmanager.Config {
	t.Helper()
	dir := recordedDir(kind)
	serve := func(w http.ResponseWriter, name string) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = w.Write(b)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if kind == vmmanager.KindV5 {
			name, ok := map[string]string{"auth": "auth.xml", "vm": "vm_list.xml", "osmgr": "osmgr.xml"}[r.FormValue("func")]
			if !ok {
				name = "error_value.xml"
			}
			serve(w, name)
			return
		}
		name, ok := map[string]string{
			"POST /auth/v4/public/token": "token.json", "GET /vm/v3/host": "host_list.json", "GET /vm/v3/os": "os_list.json",
		}[r.Method+" "+r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			name = "error_not_found.json"
		}
		serve(w, name)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return vmmanager.Config{Name: "recorded-" + kind, Kind: kind, URL: srv.URL, Username: vmfake.Username,
		Password: vmfake.Password, Timeout: 2 * time.Second, Backoff: time.Millisecond}
}
