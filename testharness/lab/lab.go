package lab

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
	"osaddon/rpc"
	"osaddon/testharness/ledger"
	"osaddon/testharness/scenario"
	"osaddon/testharness/schedule"
	"osaddon/testharness/vmfake"
)

// Options say how to run a scenario.
type Options struct {
	// ModulePath is the pmosaddon binary.
	ModulePath string
	// Mode is the launch mode; go-plugin unless told otherwise.
	Mode host.Mode
	// DBPath is the ledger's SQLite file; empty means a temporary one.
	DBPath string
	// WorkDir holds the module's config and a temporary ledger; empty
	// means a temporary directory, removed at the end.
	WorkDir string
	// Logger receives the harness's and the module's logs; nil discards.
	Logger hclog.Logger
	// Progress receives the module's $/progress notifications.
	Progress func(rpc.ProgressParams)
	// Holder names this process in the ledger's leases; empty means
	// host/pid.
	Holder string
	// OnLaunch, when set, is told the module's process id once it runs.
	OnLaunch func(pid int)
	// OnCheckpoint, when set, is told each checkpoint the run passes (see
	// Checkpoint). It runs synchronously: while it blocks, the run holds
	// there, and at a progress checkpoint so does all traffic with the
	// module.
	OnCheckpoint func(Checkpoint)
}

// moduleConfigName is the module's config file in the work directory;
// the harness removes it at the end of every run, since it holds the
// panel's password.
const moduleConfigName = "pmosaddon.yaml"

// lab is one scenario run in progress.
type lab struct {
	s      *scenario.Scenario
	opts   Options
	fake   *vmfake.Fake
	ledger *ledger.Ledger
	module *host.Client
	report *Report
	// modulePid is the running module's process id, for checkpoints.
	modulePid atomic.Int64
	// syncs counts the cron syncs done, for the synced checkpoint.
	syncs int
}

// Run runs the scenario and returns its report, always. An error means the
// run could not be carried out (bad setup, module or ledger failure): the
// report then carries it in Error, and holds the steps done so far but no
// final state. Failed expectations are in Report.Failures.
func Run(ctx context.Context, s *scenario.Scenario, opts Options) (*Report, error) {
	report := &Report{Scenario: s.Name, Description: s.Description, Failures: []string{}}
	err := run(ctx, s, opts, report)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("interrupted (%v): %w", context.Cause(ctx), err)
	}
	if err != nil {
		report.Error = err.Error()
	}
	return report, err
}

func run(ctx context.Context, s *scenario.Scenario, opts Options, report *Report) error {
	if opts.Logger == nil {
		opts.Logger = hclog.NewNullLogger()
	}
	if opts.Holder == "" {
		opts.Holder = defaultHolder()
	}
	if opts.WorkDir == "" {
		dir, err := os.MkdirTemp("", "osaddon-lab")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		opts.WorkDir = dir
	}
	if opts.DBPath == "" {
		opts.DBPath = filepath.Join(opts.WorkDir, "ledger.db")
	}
	l := &lab{s: s, report: report}
	l.opts = l.withCheckpoints(opts)
	defer l.close()
	if err := l.setup(ctx); err != nil {
		return err
	}
	if err := l.walk(ctx); err != nil {
		return err
	}
	return l.finish(ctx)
}

// close stops the module, the fake and the ledger, and removes the
// module's config.
func (l *lab) close() {
	if l.module != nil {
		l.module.Close()
	}
	if l.fake != nil {
		l.fake.Close()
	}
	if l.ledger != nil {
		l.ledger.Close()
	}
	if err := os.Remove(filepath.Join(l.opts.WorkDir, moduleConfigName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.opts.Logger.Warn("could not remove the module's config", "error", err)
	}
}

// walk runs the timeline: at each cron tick, the events due up to it, the
// renewals due, then a sync; then the events after the last tick.
func (l *lab) walk(ctx context.Context) error {
	sched, err := schedule.Parse(l.s.Cron)
	if err != nil {
		return err
	}
	next := 0
	eventsUpTo := func(t time.Time) error {
		for ; next < len(l.s.Events) && !l.s.Events[next].At.After(t); next++ {
			if err := l.event(ctx, l.s.Events[next]); err != nil {
				return fmt.Errorf("event %d at %s: %w", next, l.s.Events[next].At.Format(time.RFC3339), err)
			}
		}
		return nil
	}
	l.sortEvents()
	for tick := range sched.Ticks(l.s.Start, l.s.End) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := eventsUpTo(tick); err != nil {
			return err
		}
		if err := l.renewals(ctx, tick); err != nil {
			return err
		}
		if err := l.sync(ctx, tick, false); err != nil {
			return err
		}
		l.syncs++
		l.checkpoint(Checkpoint{Point: PointSynced, Count: l.syncs})
	}
	return eventsUpTo(l.s.End)
}
