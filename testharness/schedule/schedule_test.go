package schedule_test

import (
	"slices"
	"testing"
	"time"

	"osaddon/testharness/schedule"
)

func TestSyncServerTicksEveryFourHoursAtHalfPast(t *testing.T) {
	s, err := schedule.Parse(schedule.SyncServer)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	got := slices.Collect(s.Ticks(from, from.Add(24*time.Hour)))
	var want []time.Time
	for _, h := range []int{0, 4, 8, 12, 16, 20} {
		want = append(want, time.Date(2026, 3, 1, h, 30, 0, 0, time.UTC))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ticks = %v, want %v", got, want)
	}
}

func TestTicksExcludeFromIncludeTo(t *testing.T) {
	s, _ := schedule.Parse(schedule.SyncServer)
	at := time.Date(2026, 3, 1, 4, 30, 0, 0, time.UTC)
	got := slices.Collect(s.Ticks(at, at.Add(4*time.Hour)))
	if len(got) != 1 || !got[0].Equal(at.Add(4*time.Hour)) {
		t.Fatalf("ticks = %v, want only %v", got, at.Add(4*time.Hour))
	}
}

func TestTicksAcrossMonthAndLeapDay(t *testing.T) {
	s, _ := schedule.Parse(schedule.SyncServer)
	from := time.Date(2028, 2, 28, 23, 0, 0, 0, time.UTC)
	got := slices.Collect(s.Ticks(from, time.Date(2028, 3, 1, 1, 0, 0, 0, time.UTC)))
	if len(got) != 7 || got[6] != time.Date(2028, 3, 1, 0, 30, 0, 0, time.UTC) || got[0] != time.Date(2028, 2, 29, 0, 30, 0, 0, time.UTC) {
		t.Fatalf("ticks = %v", got)
	}
}

func TestParseRefusesBadSpec(t *testing.T) {
	for _, spec := range []string{"", "30 */4 * *", "61 * * * *", "every four hours"} {
		if _, err := schedule.Parse(spec); err == nil {
			t.Errorf("Parse(%q) = nil error", spec)
		}
	}
}
