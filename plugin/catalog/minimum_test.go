package catalog_test

import (
	"errors"
	"testing"

	"osaddon/plugin/catalog"
)

func TestMinimums(t *testing.T) {
	tr := validTariff()
	tr.Addon.Values[1].MinDiskMiB, tr.Addon.Values[1].MinRAMMiB = 30720, 2048
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	v := tr.Addon.Values[1]
	for _, tc := range []struct {
		disk, ram int
		below     bool
		want      catalog.Shortfall
	}{
		{30720, 2048, false, catalog.Shortfall{}},
		{0, 0, false, catalog.Shortfall{}}, // sizes not known
		{20480, 1024, true, catalog.Shortfall{Resource: catalog.ResourceDisk, Have: 20480, Minimum: 30720}},
		{40960, 1024, true, catalog.Shortfall{Resource: catalog.ResourceRAM, Have: 1024, Minimum: 2048}},
	} {
		got, below := v.BelowMinimum(tc.disk, tc.ram)
		if below != tc.below || got != tc.want {
			t.Errorf("BelowMinimum(%d, %d) = %+v, %v", tc.disk, tc.ram, got, below)
		}
	}
	tr.Addon.Values[1].MinDiskMiB = -1
	if err := tr.Validate(); !errors.Is(err, catalog.ErrMinimum) {
		t.Fatalf("negative minimum: %v", err)
	}
}

func TestLabel(t *testing.T) {
	if got := (catalog.Value{InternalName: "win", DisplayName: "Windows"}).Label(); got != "Windows" {
		t.Fatalf("label = %q", got)
	}
	if got := (catalog.Value{InternalName: "win"}).Label(); got != "win" {
		t.Fatalf("label = %q", got)
	}
}
