package pricing_test

import (
	"testing"
	"time"

	"osaddon/plugin/pricing"
	"osaddon/testharness/calendar"
)

// TestMonthsAgreeWithTheHarnessCalendar: the module's month arithmetic and
// the harness's own calendar, written apart, clamp month ends alike for
// every day of 2023–2025 (2024 a leap year) and every period length sold.
func TestMonthsAgreeWithTheHarnessCalendar(t *testing.T) {
	for d := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2026; d = d.AddDate(0, 0, 1) {
		for _, months := range []int{1, 3, 6, 12, 24, 36} {
			if got, want := pricing.AddMonths(d, months), calendar.AddMonths(d, months); !got.Equal(want) {
				t.Fatalf("%s + %d months: module %s, harness %s", d.Format(time.DateOnly), months,
					got.Format(time.DateOnly), want.Format(time.DateOnly))
			}
		}
	}
}

// TestPeriodsFromAnAnchor: the module computes a period from the start it
// is given. Where that start is the anchor's day of the month, its period
// ends where the host's, counted from the anchor, ends. Where the start
// was clamped (28 February of a service started on the 31st), the module
// does not know the anchor: its period of the same length ends on the
// start's day (28 March), never after the host's (31 March).
func TestPeriodsFromAnAnchor(t *testing.T) {
	clamped := 0
	for a := time.Date(2023, 1, 28, 0, 0, 0, 0, time.UTC); a.Year() < 2025; a = a.AddDate(0, 0, 1) {
		if a.Day() < 28 {
			continue
		}
		for _, months := range []int{1, 3, 12} {
			for k := 1; k <= 24; k++ {
				start, end := calendar.PeriodEnd(a, months, k-1), calendar.PeriodEnd(a, months, k)
				got := pricing.AddMonths(start, months)
				switch {
				case start.Day() == a.Day() && !got.Equal(end):
					t.Fatalf("anchor %s, period %d of %d months from %s: module ends %s, host %s", a.Format(time.DateOnly), k, months,
						start.Format(time.DateOnly), got.Format(time.DateOnly), end.Format(time.DateOnly))
				case got.After(end):
					t.Fatalf("anchor %s, clamped start %s: module ends %s after the host's %s", a.Format(time.DateOnly),
						start.Format(time.DateOnly), got.Format(time.DateOnly), end.Format(time.DateOnly))
				case !got.Equal(end):
					clamped++
				}
			}
		}
	}
	if clamped == 0 {
		t.Fatal("no clamped start was tried")
	}
}
