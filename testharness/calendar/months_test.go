package calendar_test

import (
	"testing"
	"time"

	"osaddon/testharness/calendar"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestAddMonthsClampsToTheMonthsLastDay: the table is written by hand
// from a calendar.
func TestAddMonthsClampsToTheMonthsLastDay(t *testing.T) {
	for _, tt := range []struct {
		anchor string
		n      int
		want   string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"}, // leap year
		{"2026-01-31", 2, "2026-03-31"}, // back on the 31st
		{"2026-01-31", 3, "2026-04-30"},
		{"2026-01-30", 1, "2026-02-28"},
		{"2028-01-29", 1, "2028-02-29"},
		{"2026-01-29", 1, "2026-02-28"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-03-15", 1, "2026-04-15"},
		{"2026-12-31", 2, "2027-02-28"}, // across the year
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", 48, "2032-02-29"},
		{"2026-08-31", 36, "2029-08-31"},
		{"2026-05-31", -1, "2026-04-30"},
	} {
		if got := calendar.AddMonths(day(tt.anchor), tt.n).Format(time.DateOnly); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.anchor, tt.n, got, tt.want)
		}
	}
}

// TestPeriodEndKeepsTheAnchor: a service started on 31 January ends its
// monthly periods on 29 February (2028 is a leap year), 31 March, 30 April
// and 31 May: never on the 29th or 30th of a month that has a 31st.
func TestPeriodEndKeepsTheAnchor(t *testing.T) {
	anchor := time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)
	want := []string{"2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"}
	for k, w := range want {
		if got := calendar.PeriodEnd(anchor, 1, k+1).Format(time.DateOnly); got != w {
			t.Errorf("PeriodEnd(k=%d) = %s, want %s", k+1, got, w)
		}
	}
	if got := calendar.AddMonths(time.Date(2026, 1, 31, 10, 30, 0, 0, time.UTC), 1); got != time.Date(2026, 2, 28, 10, 30, 0, 0, time.UTC) {
		t.Errorf("the time of day is not kept: %s", got)
	}
}
