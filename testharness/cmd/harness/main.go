// Command harness runs scenarios against the real pmosaddon module: an
// emulated billing core with a SQLite ledger, a fake VMmanager on loopback
// and the 4-hourly cron on a virtual clock.
//
//	harness run [flags] FILE.yaml   run a scenario; exit 0 pass, 1 fail, 2 bad input
//	harness demo [flags]            run the flagship scenario
//	harness help                    the commands, flags and examples
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
	"syscall"

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
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// flags are the flags run and demo share.
type flags struct {
	asJSON     bool
	modulePath string
	mode       string
	db         string
	verbose    bool
	holdAt     string
}

func newFlagSet(name string, f *flags) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&f.asJSON, "json", false, "write the report as JSON")
	fs.StringVar(&f.modulePath, "module", defaultModule(), "the pmosaddon binary")
	fs.StringVar(&f.mode, "mode", "go-plugin", "launch mode: go-plugin or stdio")
	fs.StringVar(&f.db, "db", "", "the ledger's SQLite file, kept after the run (default: a temporary one)")
	fs.BoolVar(&f.verbose, "v", false, "log the harness's and the module's logs, and each checkpoint, to stderr")
	fs.StringVar(&f.holdAt, "hold-at", "", "stop at checkpoint `POINT[:N]` and wait for a line on stdin (for crash tests)")
	return fs
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitBadInput
	}
	cmd := args[0]
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return exitPass
	case "run", "demo":
	default:
		fmt.Fprintf(stderr, "harness: unknown command %q\n\n%s", cmd, usage())
		return exitBadInput
	}
	var f flags
	fs := newFlagSet("harness "+cmd, &f)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, commandUsage(cmd))
			return exitPass
		}
		fmt.Fprintf(stderr, "harness %s: %v\n\n%s", cmd, err, commandUsage(cmd))
		return exitBadInput
	}
	s, err := load(cmd, fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "harness:", err)
		return exitBadInput
	}
	opts := lab.Options{ModulePath: f.modulePath, DBPath: f.db, Logger: hclog.NewNullLogger()}
	switch f.mode {
	case "go-plugin":
		opts.Mode = host.ModeGoPlugin
	case "stdio":
		opts.Mode = host.ModeStdio
	default:
		fmt.Fprintf(stderr, "harness: unknown mode %q: use go-plugin or stdio\n", f.mode)
		return exitBadInput
	}
	if f.verbose {
		opts.Logger = hclog.New(&hclog.LoggerOptions{Name: "harness", Output: stderr, Level: hclog.Debug})
	}
	if opts.OnCheckpoint, err = checkpoints(f.holdAt, opts.Logger, stdin, stderr); err != nil {
		fmt.Fprintln(stderr, "harness: --hold-at:", err)
		return exitBadInput
	}
	if file, ok := stderr.(*os.File); ok && isTerminal(file) && !f.asJSON {
		opts.Progress = progressBar(file)
	}
	// An interrupt or a termination ends the run cleanly: the module is
	// stopped and the temporary files removed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	report, err := lab.Run(ctx, s, opts)
	var werr error
	if f.asJSON {
		werr = report.WriteJSON(stdout)
	} else {
		werr = report.WriteText(stdout)
	}
	if err = errors.Join(err, werr); err != nil {
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
