package serve

import (
	"context"
	"os"
	"time"
)

// parentPollInterval is how often pollParent looks at the parent pid.
const parentPollInterval = 250 * time.Millisecond

// pollParent ends ctx with ErrHostGone once the module's parent is no
// longer ppid: the module was reparented because its host exited.
func pollParent(ctx context.Context, cancel context.CancelCauseFunc, ppid int) context.Context {
	go func() {
		tick := time.NewTicker(parentPollInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if os.Getppid() != ppid {
					cancel(ErrHostGone)
					return
				}
			}
		}
	}()
	return ctx
}
