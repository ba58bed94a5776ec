package vmmanager

import (
	"context"
	"math/rand/v2"
	"time"
)

// maxBackoff caps one wait between retries.
const maxBackoff = 30 * time.Second

// backoffDelay is the wait before retry number attempt (1-based): base
// doubled per attempt, capped, with "equal jitter" (half fixed, half random)
// so that many module runs do not retry in step.
func backoffDelay(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(half+1)
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
