// Command harness runs scenarios against the real pmosaddon module: an
// emulated billing core with a SQLite ledger, a fake VMmanager on loopback
// and the 4-hourly cron on a virtual clock.
//
//	harness run [flags] FILE.yaml   run a scenario; exit 0 pass, 1 fail, 2 bad input
//	harness demo [flags]            run the flagship scenario
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/hashicorp/go-hclog"

	"osaddon/examples/scenarios"
	"osaddon/host"
	"osaddon/rpc"
	"osaddon/testharness/lab"
	"osaddon/testharness/scenario"
)

// Exit codes.
const (
	exitPass     = 0
	exitFail     = 1
	exitBadInput = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "run" && args[0] != "demo") {
		fmt.Fprintln(stderr, "usage: harness run [flags] FILE.yaml | harness demo [flags]")
		return exitBadInput
	}
	cmd := args[0]
	fs := flag.NewFlagSet("harness "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write the report as JSON")
	modulePath := fs.String("module", defaultModule(), "the pmosaddon binary")
	mode := fs.String("mode", "go-plugin", "launch mode: go-plugin or stdio")
	db := fs.String("db", "", "the ledger's SQLite file (default: a temporary one)")
	verbose := fs.Bool("v", false, "log the harness's and the module's logs to stderr")
	if err := fs.Parse(args[1:]); err != nil {
		return exitBadInput
	}
	s, err := load(cmd, fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "harness:", err)
		return exitBadInput
	}
	opts := lab.Options{ModulePath: *modulePath, DBPath: *db, Logger: hclog.NewNullLogger()}
	switch *mode {
	case "go-plugin":
		opts.Mode = host.ModeGoPlugin
	case "stdio":
		opts.Mode = host.ModeStdio
	default:
		fmt.Fprintf(stderr, "harness: unknown mode %q: use go-plugin or stdio\n", *mode)
		return exitBadInput
	}
	if *verbose {
		opts.Logger = hclog.New(&hclog.LoggerOptions{Name: "harness", Output: stderr, Level: hclog.Debug})
	}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) && !*asJSON {
		opts.Progress = progressBar(f)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := lab.Run(ctx, s, opts)
	if report != nil {
		if *asJSON {
			err = errors.Join(err, report.WriteJSON(stdout))
		} else {
			err = errors.Join(err, report.WriteText(stdout))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "harness:", err)
		return exitFail
	}
	if !report.Passed() {
		return exitFail
	}
	return exitPass
}

// load reads the scenario: the named file for run, the embedded flagship
// for demo.
func load(cmd string, args []string) (*scenario.Scenario, error) {
	if cmd == "demo" {
		if len(args) != 0 {
			return nil, fmt.Errorf("demo takes no file")
		}
		data, err := scenarios.Files.ReadFile(scenarios.Flagship)
		if err != nil {
			return nil, err
		}
		return scenario.Parse("examples/scenarios/"+scenarios.Flagship, data)
	}
	if len(args) != 1 {
		return nil, fmt.Errorf("run takes one scenario file")
	}
	return scenario.Load(args[0])
}

// defaultModule is pmosaddon beside this binary if there is one, else
// bin/pmosaddon.
func defaultModule() string {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), "pmosaddon")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("bin", "pmosaddon")
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws the module's $/progress on one terminal line.
func progressBar(w io.Writer) func(rpc.ProgressParams) {
	return func(p rpc.ProgressParams) {
		if p.Total > 0 {
			const width = 30
			filled := min(width, p.Done*width/p.Total)
			fmt.Fprintf(w, "\r%-8s [%-*s] %d/%d ", p.Phase, width, bar(filled), p.Done, p.Total)
		} else {
			fmt.Fprintf(w, "\r%-8s %d ", p.Phase, p.Done)
		}
		if p.Total > 0 && p.Done >= p.Total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

func bar(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '#'
	}
	return string(b)
}
