package vmmanager_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"osaddon/plugin/vmmanager"
)

func validConfig() vmmanager.Config {
	return vmmanager.Config{Name: "node1", Kind: "vmmanager6", URL: "https://vm.example.com", Username: "admin", Password: "hunter2"}
}

func TestConfigYAML(t *testing.T) {
	doc := `
name: node1
kind: vmmanager5
url: https://vm5.example.com:1500
username: root
password: hunter2
timeout: 15s
retries: 2
backoff: 250ms
max_response_bytes: 1048576
`
	var c vmmanager.Config
	if err := yaml.Unmarshal([]byte(doc), &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Timeout != 15*time.Second || c.Backoff != 250*time.Millisecond || c.Retries != 2 || c.InsecureSkipVerify {
		t.Errorf("decoded %v", c)
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		field string
		edit  func(*vmmanager.Config)
	}{
		{"name", func(c *vmmanager.Config) { c.Name = "" }},
		{"kind", func(c *vmmanager.Config) { c.Kind = "vmmanager7" }},
		{"url", func(c *vmmanager.Config) { c.URL = "" }},
		{"url", func(c *vmmanager.Config) { c.URL = "ftp://x" }},
		{"url", func(c *vmmanager.Config) { c.URL = "https://u:p@x" }},
		{"username", func(c *vmmanager.Config) { c.Username = "" }},
		{"password", func(c *vmmanager.Config) { c.Password = "" }},
		{"timeout", func(c *vmmanager.Config) { c.Timeout = -1 }},
		{"retries", func(c *vmmanager.Config) { c.Retries = 99 }},
		{"backoff", func(c *vmmanager.Config) { c.Backoff = -1 }},
		{"max_response_bytes", func(c *vmmanager.Config) { c.MaxResponseBytes = -1 }},
	}
	if err := validConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		c := validConfig()
		tc.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: err = %v, want it to name the field", tc.field, err)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: password in %v", tc.field, err)
		}
	}
}

func TestConfigNeverShowsPassword(t *testing.T) {
	c := validConfig()
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("conn", "cfg", c)
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), buf.String()} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("password shown: %s", s)
		}
	}
}

func TestV6TemplateName(t *testing.T) {
	cases := []struct{ repo, name, want string }{
		{"ISPsystem", "CentOS-7-amd64", "ISPsystem__CentOS-7-amd64"},
		{"my-local-repo", "Windows-2019-amd64", "my local repo__Windows-2019-amd64"},
		{"Repo", "win", "Repo__win"},
	}
	for _, tc := range cases {
		if got := vmmanager.V6TemplateName(tc.repo, tc.name); got != tc.want {
			t.Errorf("V6TemplateName(%q, %q) = %q, want %q", tc.repo, tc.name, got, tc.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	u, _ := url.Parse("https://root:pw@vm:1500/vmmgr?out=xml&func=vm&authinfo=root:pw&auth=abc123&password=pw")
	got := vmmanager.RedactURL(u)
	for _, secret := range []string{"pw", "abc123", "root"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q still holds %q", got, secret)
		}
	}
	if !strings.Contains(got, "func=vm") {
		t.Errorf("%q lost the func", got)
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := fmt.Errorf("dial: refused")
	err := error(&vmmanager.Error{Op: "list", Node: "n1", Kind: vmmanager.ErrUnreachable, Code: 503, Msg: "busy", Err: cause})
	if !strings.Contains(err.Error(), `node "n1"`) || !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("text %q", err)
	}
	if !errors.Is(err, vmmanager.ErrUnreachable) || !errors.Is(err, cause) || errors.Is(err, vmmanager.ErrAuth) {
		t.Error("kind or cause not reachable through errors.Is")
	}
}

func TestConfigRetriesYAML(t *testing.T) {
	base := "name: n\nkind: vmmanager6\nurl: https://x\nusername: u\npassword: p\n"
	for _, tc := range []struct {
		doc      string
		attempts int
	}{
		{base, 1 + vmmanager.DefaultRetries},
		{base + "retries: 0\n", 1},
		{base + "retries: 2\n", 3},
	} {
		var c vmmanager.Config
		if err := yaml.Unmarshal([]byte(tc.doc), &c); err != nil {
			t.Fatal(err)
		}
		if got := 1 + int(c.WithDefaults().Retries); got != tc.attempts {
			t.Errorf("%q: %d attempts, want %d", tc.doc, got, tc.attempts)
		}
	}
	var c vmmanager.Config
	err := yaml.Unmarshal([]byte(base+"retries: -1\n"), &c)
	if err == nil || !strings.Contains(err.Error(), "retries") || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("negative retries: %v", err)
	}
}

func TestConfigWarnsOnPlainHTTP(t *testing.T) {
	c := validConfig()
	if w := c.Warnings(); len(w) != 0 {
		t.Errorf("https warns: %q", w)
	}
	c.URL = "http://vm.example.com"
	w := c.Warnings()
	if len(w) != 1 || !strings.Contains(w[0], `"node1"`) || strings.Contains(w[0], c.Password) {
		t.Errorf("warnings = %q", w)
	}
}

func TestServiceVMName(t *testing.T) {
	for id, want := range map[string]string{
		"42":      "osaddon-svc-42",
		"a-B-9":   "osaddon-svc-a-B-9",
		"x'y":     "osaddon-svc-h782779",
		"":        "osaddon-svc-",
		"служба1": "osaddon-svc-hd181d0bbd183d0b6d0b1d0b031",
	} {
		if got := vmmanager.ServiceVMName(id); got != want {
			t.Errorf("ServiceVMName(%q) = %q, want %q", id, got, want)
		}
	}
}
