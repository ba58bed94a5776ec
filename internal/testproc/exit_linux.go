package testproc

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Process is a process being watched, which need not be a child of the
// test.
type Process struct {
	tb    testing.TB
	pidfd int
}

// Watch starts watching pid, which must be running; the watch ends with
// the test.
func Watch(tb testing.TB, pid int) *Process {
	tb.Helper()
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		tb.Fatalf("process %d is not running: %v", pid, err)
	}
	tb.Cleanup(func() { unix.Close(fd) })
	return &Process{tb: tb, pidfd: fd}
}

// ExitsWithin reports whether the process exits within d (a zombie has
// exited).
func (p *Process) ExitsWithin(d time.Duration) bool {
	p.tb.Helper()
	deadline := time.Now().Add(d)
	for {
		n, err := unix.Poll([]unix.PollFd{{Fd: int32(p.pidfd), Events: unix.POLLIN}}, int(max(time.Until(deadline), 0).Milliseconds()))
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			p.tb.Fatalf("poll on a pidfd: %v", err)
		}
		return n > 0
	}
}
