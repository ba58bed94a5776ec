package host_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/internal/testbin"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
)

// moduleBin is the real pmosaddon binary, built once for the package.
var moduleBin string

// The test binary also plays other processes, chosen by this variable, as
// go-plugin's own tests do (TestHelperProcess).
const roleEnv = "OSADDON_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "stray-module":
		strayModule()
		return
	case "host":
		hostThatLaunches()
		return
	case "echo":
		echoServer()
		return
	}
	moduleBin = testbin.MustBuild(testbin.Module)[testbin.Module]
	os.Exit(m.Run())
}

// strayModule is the real module with a handler that prints to stdout, as a
// careless dependency might.
func strayModule() {
	log := hclog.New(&hclog.LoggerOptions{Output: serve.RealStderr, JSONFormat: true})
	err := serve.Stdio(context.Background(), func(h rpc.Host) rpc.Module {
		return strayPrinter{module.New(nil, h, log)}
	}, serve.Options{Logger: log})
	if err != nil {
		os.Exit(1)
	}
}

// strayLine is what strayPrinter prints outside the protocol.
const strayLine = "stray line from a handler"

type strayPrinter struct{ *module.Module }

func (s strayPrinter) CheckConnection(ctx context.Context, p *rpc.CheckConnectionParams) (*rpc.CheckConnectionResult, error) {
	fmt.Println(strayLine)
	fmt.Print("Content-Length: 5\r\n\r\n{}{}{")
	return s.Module.CheckConnection(ctx, p)
}

// Environment of the "host" role.
const (
	hostModeEnv       = "OSADDON_TEST_MODE"       // stdio or go-plugin
	hostModuleEnv     = "OSADDON_TEST_MODULE"     // the module binary
	hostConfigEnv     = "OSADDON_TEST_CONFIG"     // the module's config
	hostStageEnv      = "OSADDON_TEST_STAGE"      // idle or callback
	hostDeathSigEnv   = "OSADDON_TEST_DEATHSIG"   // off: no death signal
	calledBackMessage = "billing/services called" // the host's line once called back
)

// hostThatLaunches launches the module, prints its pid, and waits to be
// killed: idle, or in the middle of a sync, with the module's
// billing/services callback unanswered (it prints calledBackMessage then).
func hostThatLaunches() {
	host.SetDeathSignal(os.Getenv(hostDeathSigEnv) != "off")
	mode := host.ModeGoPlugin
	if os.Getenv(hostModeEnv) == host.ModeStdio.String() {
		mode = host.ModeStdio
	}
	c, err := host.Launch(context.Background(), host.Options{
		Path: os.Getenv(hostModuleEnv), SkipChecksum: true, Mode: mode,
		ConfigPath: os.Getenv(hostConfigEnv), Host: neverAnswers{},
	})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(c.Pid())
	if os.Getenv(hostStageEnv) == "callback" {
		_, err := c.SyncServer(context.Background(), &rpc.SyncServerParams{Connection: "vm5", RunID: "r", AsOf: time.Now()})
		fmt.Println("error", err)
	}
	select {}
}

// neverAnswers is a billing core that stalls in billing/services.
type neverAnswers struct{}

func (neverAnswers) Services(context.Context, *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	fmt.Println(calledBackMessage)
	select {}
}

func (neverAnswers) Progress(context.Context, *rpc.ProgressParams) {}

func sha(t *testing.T, path string) string {
	t.Helper()
	sum, err := host.FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func hello() *rpc.InitializeParams {
	return &rpc.InitializeParams{ProtocolVersion: rpc.ProtocolVersion, Host: rpc.Peer{Name: "test", Version: "1"}}
}

// builtFeatures is what this source tree's module serves; the subprocess,
// built from the same tree, must report exactly that.
func builtFeatures() []string {
	return module.New(nil, nil, hclog.NewNullLogger()).Features()
}
