package module_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"gopkg.in/yaml.v3"

	"osaddon/host"
	"osaddon/internal/testlog"
	"osaddon/plugin/pricing"
	"osaddon/rpc"
	"osaddon/testharness/lab"
	"osaddon/testharness/scenario"
	"osaddon/testharness/vmfake"
)

// vmPassword is the root password the tests give open and setparam.
const vmPassword = "Vm-Root-pw-9931"

// harnessVMPassword is the password testharness/lab gives reinstalls and
// orders.
const harnessVMPassword = "harness-Reinstall-1"

// scanSecrets fails for every secret found in text.
func scanSecrets(t *testing.T, where, text string) {
	t.Helper()
	assertNoSecrets(t, where, text)
	for _, s := range []string{vmPassword, harnessVMPassword} {
		if strings.Contains(text, s) {
			t.Errorf("%s holds the VM password %q", where, s)
		}
	}
}

// launchLogged runs the real module through go-plugin with its config at
// mode and log level trace; everything the host and the module log goes
// to logs.
func launchLogged(t *testing.T, b rpc.Host, mode os.FileMode, logs *testlog.Buffer, fakes ...*vmfake.Fake) *host.Client {
	t.Helper()
	cfg := configFor(pricing.DowngradeNone, fakes...)
	data, err := yaml.Marshal(map[string]any{"connections": cfg.Connections, "log": map[string]string{"level": "trace"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "osaddon.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	sum, err := host.FileSHA256(moduleBin)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	log := hclog.New(&hclog.LoggerOptions{Name: "host", Output: logs, Level: hclog.Trace, JSONFormat: true})
	c, err := host.Launch(ctx, host.Options{Path: moduleBin, SHA256: sum, Mode: host.ModeGoPlugin,
		ConfigPath: path, Host: b, Name: "test", Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestSecretsNeverLogged drives the real module through orders, a
// reinstall, syncs under every fault and session renewals, with both sides
// logging at trace, and scans everything logged, every error and every
// notification for the panel password, session keys and VM passwords.
func TestSecretsNeverLogged(t *testing.T) {
	forKinds(t, func(t *testing.T, kind string) {
		f := newFake(t, kind)
		b := newBilling(tariffFor(f))
		vmID := addVM(t, f, linux(f))
		b.services = []rpc.Service{serviceFor(f, "svc-1", vmID, "100.00")}
		logs := &testlog.Buffer{}
		c := launchLogged(t, b, 0o600, logs, f)
		ctx := context.Background()
		var texts []string // every error and message the host saw
		note := func(err error) {
			if err != nil {
				texts = append(texts, err.Error())
			}
		}
		noteActions := func(actions []rpc.Action) {
			data, _ := json.Marshal(actions)
			texts = append(texts, string(data))
		}

		s := serviceFor(f, "new", "", "100.00")
		s.Status = "ordered"
		open, err := c.Open(ctx, &rpc.OpenParams{Service: s, Tariff: tariffFor(f), Template: windows(f),
			VM: rpc.VMSpec{Name: "vps", Password: vmPassword, CPUs: 1}, AsOf: may10})
		note(err)
		if err == nil {
			noteActions(open.Actions)
		}
		sp, err := c.SetParam(ctx, &rpc.SetParamParams{Service: serviceFor(f, "svc-1", vmID, "100.00"), Tariff: tariffFor(f),
			OSTemplate: windows(f), Password: vmPassword, AsOf: may10})
		note(err)
		if err == nil {
			noteActions(sp.Actions)
		}
		// A reinstall the panel refuses: its error goes back to the host.
		f.FailNextOn("reinstall", 1, http.StatusBadRequest)
		f.FailNextOn("func=vm.", 1, http.StatusBadRequest)
		_, err = c.SetParam(ctx, &rpc.SetParamParams{Service: serviceFor(f, "svc-1", vmID, "100.00"), Tariff: tariffFor(f),
			OSTemplate: linux(f), Password: vmPassword, AsOf: may10})
		note(err)
		f.FailNext(0, 0)

		logins := f.Logins()
		for i, fault := range []func(){
			func() { f.FailNext(2, http.StatusServiceUnavailable) },
			func() { f.ExpireSessionsAfter(1) },
			func() { f.ExpireSessions() },
			func() { f.TruncateNext(1000) },
			func() { f.MalformNext(1000) },
			func() { f.FailNext(1000, http.StatusInternalServerError) },
			func() { f.SetDown(true) },
		} {
			fault()
			res, err := c.SyncServer(ctx, &rpc.SyncServerParams{Connection: f.Config().Name, RunID: "r", AsOf: may10.Add(time.Duration(i) * time.Hour)})
			note(err)
			if err == nil {
				noteActions(res.Actions)
				texts = append(texts, res.Summary.Error)
			}
			st, err := c.CheckConnection(ctx, &rpc.CheckConnectionParams{})
			note(err)
			if err == nil {
				for _, cs := range st.Connections {
					texts = append(texts, cs.Error)
				}
			}
			healAll(f)
		}
		if f.Logins()-logins < 2 {
			t.Errorf("the sessions were renewed %d times, want at least 2", f.Logins()-logins)
		}
		c.Close()
		out := logs.String()
		if !strings.Contains(out, "logging in again") || !strings.Contains(out, "retrying panel call") {
			t.Fatalf("the logs do not show the renewals and retries, so the scan proves little:\n%.2000s", out)
		}
		scanSecrets(t, "the logs", out)
		for _, text := range texts {
			scanSecrets(t, "an answer", text)
		}
		t.Logf("%s: scanned %d bytes of logs and %d answers", kind, len(out), len(texts))
	})
}

// TestScenariosLeakNoSecrets runs example scenarios with faults, session
// expiry, orders and setparam through testharness/lab and the real module,
// and scans the logs and the report.
func TestScenariosLeakNoSecrets(t *testing.T) {
	for _, name := range []string{"session-expiry.yaml", "truncated-listing.yaml", "node-down.yaml",
		"setparam-os-change.yaml", "order-commercial-os.yaml", "vmmanager6.yaml"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := scenario.Load(filepath.Join("..", "..", "examples", "scenarios", name))
			if err != nil {
				t.Fatal(err)
			}
			logs := &testlog.Buffer{}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			rep, err := lab.Run(ctx, s, lab.Options{ModulePath: moduleBin, WorkDir: t.TempDir(),
				Logger: hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Trace, JSONFormat: true})})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Passed() {
				t.Fatalf("scenario failed: %v", rep.Failures)
			}
			report, _ := json.Marshal(rep)
			scanSecrets(t, "the logs", logs.String())
			scanSecrets(t, "the report", string(report))
		})
	}
}

// TestModuleWarnsOfReadableConfig: the real module logs, at warn, that its
// config is readable by others; with mode 0600 it does not.
func TestModuleWarnsOfReadableConfig(t *testing.T) {
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o644, true}, {0o600, false}} {
		f := vmfake.NewV5(t)
		logs := &testlog.Buffer{}
		c := launchLogged(t, newBilling(), tc.mode, logs, f)
		c.Close()
		warned := false
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "readable by others") {
				warned = strings.Contains(line, `"@level":"warn"`)
			}
		}
		if warned != tc.warn {
			t.Errorf("mode %04o: warned at warn = %t, want %t:\n%s", tc.mode, warned, tc.warn, logs.String())
		}
	}
}

// TestModuleRefusesBadConfig: a config the module cannot use stops it with
// exit status 2, and it says which field is wrong without the password.
func TestModuleRefusesBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "osaddon.yaml")
	doc := "connections:\n  - name: a\n    kind: vmmanager5\n    url: https://vm.example\n    username: u\n    password: Pa55-bad-config\n    timeout: -1s\n"
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, moduleBin, "--config", path).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit = %v, want status 2; output %s", err, out)
	}
	if !strings.Contains(string(out), "connections[0]") || !strings.Contains(string(out), "timeout") ||
		strings.Contains(string(out), "Pa55-bad-config") {
		t.Fatalf("output %s: want connections[0] and timeout named, no password", out)
	}
}
