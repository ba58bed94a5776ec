package config_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"osaddon/plugin/config"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
)

func TestExampleConfig(t *testing.T) {
	data, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Connections) != 2 || cfg.Connections[0].Timeout != 30*time.Second {
		t.Fatalf("connections = %v", cfg.Connections)
	}
	if l := cfg.Limits; l.MaxMessageBytes != 8<<20 || l.MaxConcurrent != 8 || l.CallbackTimeout != time.Minute {
		t.Fatalf("limits = %+v", l)
	}
	if c, ok := cfg.Connection("vm6-ams"); !ok || c.Kind != "vmmanager6" {
		t.Fatalf("Connection(vm6-ams) = %v, %v", c, ok)
	}
	if cfg.Mapping.Aliases["Windows-2019-ru-amd64"] != "Windows-Server-2019" {
		t.Fatalf("aliases = %v", cfg.Mapping.Aliases)
	}
	if len(cfg.Mapping.CommercialPatterns) != len(mapping.DefaultCommercialPatterns) {
		t.Fatalf("commercial patterns = %v, want the defaults", cfg.Mapping.CommercialPatterns)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := config.Parse([]byte("policy:\n  downgrade: refund\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := pricing.DefaultPolicy()
	want.Downgrade = pricing.DowngradeRefund
	if cfg.Policy != want {
		t.Fatalf("policy = %+v, want %+v", cfg.Policy, want)
	}
	cfg, err = config.Parse([]byte("log:\n  level: warn\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Policy != pricing.DefaultPolicy() {
		t.Fatalf("policy = %+v, want the default", cfg.Policy)
	}
}

func TestParseErrors(t *testing.T) {
	conn := "connections:\n  - name: a\n    kind: vmmanager6\n    url: https://a.example\n    username: u\n    password: p\n"
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown key with line", "log:\n  level: info\npolicyy: {}\n", "line 3"},
		{"unknown connection key", conn + "    passwd: x\n", "line 7"},
		{"duplicate name", conn + strings.Replace(conn, "connections:\n", "", 1), "connections[1].name"},
		{"bad kind", strings.Replace(conn, "vmmanager6", "vmmanager7", 1), "connections[0]"},
		{"bad policy", "policy:\n  proration: hourly\n", "policy"},
		{"bad pattern", "mapping:\n  commercial_patterns: ['(']\n", "mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "change-me") {
				t.Fatalf("error leaks the password: %v", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("log:\n  level: info\n"))
	f.Add([]byte("connections:\n  - name: a\n    kind: vmmanager5\n    url: http://127.0.0.1:1\n    username: u\n    password: p\n"))
	f.Add([]byte("policy: {downgrade: refund}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := config.Parse(data)
		if err == nil {
			if err := cfg.Validate(); err != nil {
				t.Fatalf("Parse accepted a config Validate refuses: %v", err)
			}
		}
	})
}

// TestLimitsAtTheirFloors: each limit at its floor or ceiling is accepted;
// badinput_test.go has the values past them.
func TestLimitsAtTheirFloors(t *testing.T) {
	for _, doc := range []string{
		"limits:\n  max_message_bytes: 65536\n  max_concurrent: 1\n  callback_timeout: 1s\n",
		"limits:\n  callback_timeout: 1h\n",
		"limits:\n  max_message_bytes: 0\n  max_concurrent: 0\n", // 0: the defaults
	} {
		if _, err := config.Parse([]byte(doc)); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
}
