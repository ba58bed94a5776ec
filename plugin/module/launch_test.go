package module_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"osaddon/host"
	"osaddon/internal/testbin"
	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/vmfake"
)

// moduleBin is the real pmosaddon binary, built once for the package.
var moduleBin string

func TestMain(m *testing.M) {
	moduleBin = testbin.MustBuild(testbin.Module)[testbin.Module]
	os.Exit(m.Run())
}

// launch runs the real binary through go-plugin with a config file that
// points at the fakes.
func launch(t *testing.T, b *billing, fakes ...*vmfake.Fake) *host.Client {
	t.Helper()
	cfg := configFor(pricing.DowngradeNone, fakes...)
	data, err := yaml.Marshal(map[string]any{"connections": cfg.Connections})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "osaddon.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := host.Launch(ctx, host.Options{Path: moduleBin, SkipChecksum: true, Mode: host.ModeGoPlugin,
		ConfigPath: path, Host: b, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestLaunchedSyncChargesOnce(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		vmID := addVM(t, f, windows(f))
		b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100.00")}
		c := launch(t, b, f)
		if len(c.Info().Features) != len(rpc.HandlerMethods) {
			t.Fatalf("features = %v", c.Info().Features)
		}
		res := runSync(t, c, f, "r1", may10, false)
		b.apply(t, res.Actions)
		b.apply(t, runSync(t, c, f, "r2", may10, false).Actions)
		if len(b.ledger) != 1 || b.ledger[0].Amount != "14.19" {
			t.Fatalf("ledger = %+v", b.ledger)
		}
		f.SetDown(true)
		down := runSync(t, c, f, "r3", may10, false)
		if down.Summary.Complete || len(changes(down.Actions)) != 0 {
			t.Fatalf("plan with the panel down = %+v", down)
		}
	})
}
