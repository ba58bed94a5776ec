package serve

import (
	"context"
	"os"

	"golang.org/x/sys/unix"
)

// watchHost returns a context that ends when the process that launched the
// module exits. go-plugin gives no hook for its control connection going
// away, but that connection lives and dies with the host process, the
// module's parent in go-plugin mode. A pidfd tells of its exit at once.
func watchHost(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(ctx)
	ppid := os.Getppid()
	fd, err := unix.PidfdOpen(ppid, 0)
	if err != nil || os.Getppid() != ppid {
		if err == nil {
			unix.Close(fd)
		}
		return pollParent(ctx, cancel, ppid)
	}
	go func() {
		defer unix.Close(fd)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			_, err := unix.Poll(fds, -1)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				pollParent(ctx, cancel, ppid)
				return
			}
			cancel(ErrHostGone)
			return
		}
	}()
	return ctx
}
