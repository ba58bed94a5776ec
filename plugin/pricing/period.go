package pricing

import (
	"time"

	"osaddon/plugin/catalog"
)

const day = 24 * time.Hour

// dayOf truncates t to its date in UTC.
func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// prorationDays counts whole days as BILLmanager's calendar billing does,
// (days − date + 1) / days: the paid period is [start, end), end being the
// next period's start; total is the days from start to end; remaining is
// the days from the change's date to end, so the day of the change counts.
// A change on the first day leaves total days, on the last day one.
func prorationDays(s catalog.Service, at time.Time) (total, remaining int64, err error) {
	start, end, on := dayOf(s.PeriodStart), dayOf(s.PeriodEnd), dayOf(at)
	if on.Before(start) || !on.Before(end) {
		return 0, 0, fieldError("change time", ErrOutsidePeriod, "%s is outside [%s, %s)",
			on.Format(time.DateOnly), start.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	return int64(end.Sub(start) / day), int64(end.Sub(on) / day), nil
}
