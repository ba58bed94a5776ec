package calendar

import "time"

// AddMonths returns anchor moved n months on, on the anchor's day of the
// month, or on the last day of the target month when it is shorter. The
// time of day and location are kept.
func AddMonths(anchor time.Time, n int) time.Time {
	y, m, d := anchor.Date()
	first := time.Date(y, m+time.Month(n), 1, anchor.Hour(), anchor.Minute(), anchor.Second(), anchor.Nanosecond(), anchor.Location())
	return first.AddDate(0, 0, min(d, daysIn(first))-1)
}

// PeriodEnd is the end (exclusive) of the k-th period of months months
// counted from anchor, the service's first day: k = 1 is the first
// period. Counting from the anchor, never from the previous end, keeps a
// 31st-of-the-month service on the 31st whenever the month has one.
func PeriodEnd(anchor time.Time, months, k int) time.Time {
	return AddMonths(anchor, months*k)
}

// daysIn is the number of days in t's month.
func daysIn(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
