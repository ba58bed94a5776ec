package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// leaseTTL bounds how long a harness on another machine that crashed
// blocks the next one; a crashed harness on this machine is noticed at
// once (see acquire).
const leaseTTL = 10 * time.Minute

// defaultHolder names this process: host/pid, so another harness on the
// same host can tell whether the holder still runs.
func defaultHolder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}

// acquire takes the ledger lease name. A lease held by a harness process
// of this host that no longer runs (killed mid-run) is taken over, so a
// rerun after a crash goes on at once; a live holder keeps it.
func (l *lab) acquire(ctx context.Context, name string) (bool, error) {
	got, err := l.ledger.AcquireLease(ctx, name, l.opts.Holder, leaseTTL, time.Now())
	if err != nil || got {
		return got, err
	}
	holder, _, err := l.ledger.LeaseHolder(ctx, name)
	if err != nil || !deadLocalHolder(holder) {
		return false, err
	}
	l.opts.Logger.Warn("taking over the lease of a harness that no longer runs", "lease", name, "holder", holder)
	if err := l.ledger.ReleaseLease(ctx, name, holder); err != nil {
		return false, err
	}
	return l.ledger.AcquireLease(ctx, name, l.opts.Holder, leaseTTL, time.Now())
}

// deadLocalHolder reports whether holder names a process of this host that
// does not exist.
func deadLocalHolder(holder string) bool {
	host, pidText, ok := strings.Cut(holder, "/")
	me, _ := os.Hostname()
	pid, err := strconv.Atoi(pidText)
	if !ok || host != me || err != nil || pid <= 0 {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
