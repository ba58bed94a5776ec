package schedule

import (
	"fmt"
	"iter"
	"time"

	"github.com/robfig/cron/v3"
)

// SyncServer is BILLmanager's processing.syncserver.cron: every 4 hours at
// half past (00:30, 04:30, 08:30 …).
const SyncServer = "30 */4 * * *"

// Schedule is a parsed five-field cron expression, evaluated in UTC.
type Schedule struct {
	spec  string
	sched cron.Schedule
}

// Parse parses a standard five-field cron expression.
func Parse(spec string) (Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule: %q: %w", spec, err)
	}
	return Schedule{spec: spec, sched: s}, nil
}

// String returns the expression.
func (s Schedule) String() string { return s.spec }

// Ticks yields every instant the schedule fires after from and up to and
// including to, in UTC.
func (s Schedule) Ticks(from, to time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for t := s.sched.Next(from.UTC()); !t.After(to.UTC()); t = s.sched.Next(t) {
			if !yield(t) {
				return
			}
		}
	}
}
