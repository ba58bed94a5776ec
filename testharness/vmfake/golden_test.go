package vmfake_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"osaddon/internal/golden"
	"osaddon/testharness/vmfake"
)

// TestGoldenV6Bodies pins the JSON the v6 fake speaks, byte for byte.
func TestGoldenV6Bodies(t *testing.T) {
	f := vmfake.NewV6(t)
	if _, err := f.AddVM(vmfake.VM{ID: "7", Name: "web", IP: "10.0.0.7", Template: "CentOS-7-amd64", CPUs: 2, RAMMiB: 2048, DiskMiB: 20480}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddVM(vmfake.VM{ID: "9", Name: "new", Template: "Windows-2019-amd64", State: vmfake.StateInstalling, CPUs: 1}); err != nil {
		t.Fatal(err)
	}
	token := string(goldenCall(t, f, "token.json", http.MethodPost, "/auth/v4/public/token",
		`{"email":"`+vmfake.Username+`","password":"`+vmfake.Password+`"}`, ""))
	token = token[strings.Index(token, `"token":"`)+9:]
	token = token[:strings.IndexByte(token, '"')]
	goldenCall(t, f, "host_list.json", http.MethodGet, "/vm/v3/host?limit=10&offset=0", "", token)
	goldenCall(t, f, "os_list.json", http.MethodGet, "/vm/v3/os", "", token)
	goldenCall(t, f, "start.json", http.MethodPost, "/vm/v3/host/7/start", "", token)
	goldenCall(t, f, "task.json", http.MethodGet, "/vm/v3/task?where="+url.QueryEscape("((consul_id EQ '70007') AND (name EQ 'host_start'))"), "", token)
	goldenCall(t, f, "error_not_found.json", http.MethodPost, "/vm/v3/host/404/stop", "", token)
	goldenCall(t, f, "error_unauthorized.json", http.MethodGet, "/vm/v3/host", "", "stale")
}

// goldenCall sends one request and compares the answer with testdata/name.
func goldenCall(t *testing.T, f *vmfake.Fake, name, method, path, body, token string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, f.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("x-xsrf-token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	golden.Compare(t, name, got)
	return got
}
