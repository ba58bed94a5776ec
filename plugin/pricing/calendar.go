package pricing

import "time"

// AddMonths returns t plus months calendar months, the day clamped to the
// last day of the target month, as billing systems count periods: 31
// January plus one month is 28 (or 29) February, not 3 March. The time of
// day is kept.
func AddMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// periodDays counts the days of a period of months starting at start,
// month ends clamped (see AddMonths).
func periodDays(start time.Time, months int) int64 {
	start = dayOf(start)
	return int64(AddMonths(start, months).Sub(start) / day)
}
