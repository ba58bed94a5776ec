package lab

import (
	"fmt"

	"osaddon/rpc"
)

// The checkpoints a run passes, in order.
const (
	// PointLaunched: the module runs and answered initialize; no sync yet.
	PointLaunched = "launched"
	// PointServices: the module paged Count services in through the
	// billing/services callback. Before the last page, it is asking for
	// the next one.
	PointServices = "services"
	// PointVMs: the module listed Count VMs from the panel.
	PointVMs = "vms"
	// PointPlan: the module planned Count actions and is about to answer
	// the sync; nothing of it is applied yet.
	PointPlan = "plan"
	// PointSynced: the Count-th cron sync was answered and its plan applied.
	PointSynced = "synced"
)

// Checkpoint is a point of a run that the run reports as it passes it.
// Crash tests hold a run at one and kill a process there, so their kill
// points follow the run's progress, not the clock.
type Checkpoint struct {
	// Point is one of the Point constants.
	Point string
	// Count is how far the point's phase got: services paged, VMs listed,
	// actions planned, or cron syncs applied.
	Count int
	// ModulePid is the module's process id.
	ModulePid int
}

// String is "point:count module_pid=pid".
func (c Checkpoint) String() string {
	return fmt.Sprintf("%s:%d module_pid=%d", c.Point, c.Count, c.ModulePid)
}

// withCheckpoints returns opts with its launch and progress callbacks
// also reporting checkpoints to opts.OnCheckpoint.
func (l *lab) withCheckpoints(opts Options) Options {
	if opts.OnCheckpoint == nil {
		return opts
	}
	launched, progress := opts.OnLaunch, opts.Progress
	opts.OnLaunch = func(pid int) {
		l.modulePid.Store(int64(pid))
		if launched != nil {
			launched(pid)
		}
		l.checkpoint(Checkpoint{Point: PointLaunched})
	}
	opts.Progress = func(p rpc.ProgressParams) {
		if progress != nil {
			progress(p)
		}
		switch p.Phase {
		case PointServices, PointVMs, PointPlan:
			l.checkpoint(Checkpoint{Point: p.Phase, Count: p.Done})
		}
	}
	return opts
}

// checkpoint reports c, with the module's pid, if anyone listens.
func (l *lab) checkpoint(c Checkpoint) {
	if l.opts.OnCheckpoint == nil {
		return
	}
	c.ModulePid = int(l.modulePid.Load())
	l.opts.OnCheckpoint(c)
}
