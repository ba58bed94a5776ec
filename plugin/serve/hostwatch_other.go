//go:build !linux

package serve

import (
	"context"
	"os"
)

// watchHost returns a context that ends when the process that launched the
// module exits: go-plugin gives no hook for its control connection going
// away, but that connection lives and dies with the host process, the
// module's parent in go-plugin mode.
func watchHost(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(ctx)
	return pollParent(ctx, cancel, os.Getppid())
}
