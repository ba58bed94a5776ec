package catalog

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/shopspring/decimal"

	"osaddon/plugin/money"
)

// MaxCores bounds per-core rules and service core counts.
const MaxCores = 4096

// Value is one enumeration value of the add-on: one operating system.
type Value struct {
	// InternalName matches an OS template's internal name (seed: "Make
	// sure that the internal name of the enumeration matches the internal
	// name of the corresponding OS template.").
	InternalName string
	DisplayName  string
	// Prices maps period months, then currency, to the price of the value
	// for that period: the whole price, or one pack's if PerCore is set.
	Prices map[int]map[money.Currency]decimal.Decimal
	// PerCore, when set, prices the value per pack of cores, as Windows
	// Server is licensed.
	PerCore *PerCore
	// MinDiskMiB and MinRAMMiB, when not zero, are the least disk and
	// memory a VM needs for this OS.
	MinDiskMiB, MinRAMMiB int
}

// Resource is a VM resource an OS value may set a minimum for.
type Resource string

// The resources with minimums.
const (
	ResourceDisk Resource = "disk_mib"
	ResourceRAM  Resource = "ram_mib"
)

// Shortfall is a VM resource below a value's minimum.
type Shortfall struct {
	Resource      Resource
	Have, Minimum int
}

// BelowMinimum returns the first resource of a VM of diskMiB and ramMiB
// below the value's minimums, disk first. A size of zero is not known and
// never below.
func (v Value) BelowMinimum(diskMiB, ramMiB int) (Shortfall, bool) {
	switch {
	case diskMiB > 0 && diskMiB < v.MinDiskMiB:
		return Shortfall{Resource: ResourceDisk, Have: diskMiB, Minimum: v.MinDiskMiB}, true
	case ramMiB > 0 && ramMiB < v.MinRAMMiB:
		return Shortfall{Resource: ResourceRAM, Have: ramMiB, Minimum: v.MinRAMMiB}, true
	}
	return Shortfall{}, false
}

// Label is the value's display name, or its internal name when it has
// none: the name clients read.
func (v Value) Label() string {
	if v.DisplayName != "" {
		return v.DisplayName
	}
	return v.InternalName
}

// PerCore is a per-core licence rule: the price is per pack of PackSize
// cores, for at least MinCores cores.
type PerCore struct {
	PackSize int
	MinCores int
}

// Packs returns ceil(max(cores, MinCores) / PackSize).
func (p PerCore) Packs(cores int) int {
	counted := max(cores, p.MinCores)
	return (counted + p.PackSize - 1) / p.PackSize
}

func (v Value) validate(addonField string, periods []int) error {
	field := fmt.Sprintf("%s: value %q", addonField, v.InternalName)
	if p := v.PerCore; p != nil {
		if p.PackSize < 1 || p.PackSize > MaxCores {
			return fieldError(field+": per-core pack size", ErrPerCore, "%d is not within 1..%d", p.PackSize, MaxCores)
		}
		if p.MinCores < 0 || p.MinCores > MaxCores {
			return fieldError(field+": per-core minimum cores", ErrPerCore, "%d is not within 0..%d", p.MinCores, MaxCores)
		}
	}
	if v.MinDiskMiB < 0 {
		return fieldError(field+": minimum disk", ErrMinimum, "%d MiB is negative", v.MinDiskMiB)
	}
	if v.MinRAMMiB < 0 {
		return fieldError(field+": minimum memory", ErrMinimum, "%d MiB is negative", v.MinRAMMiB)
	}
	for _, months := range slices.Sorted(maps.Keys(v.Prices)) {
		if !slices.Contains(periods, months) {
			return fieldError(fmt.Sprintf("%s: prices", field), ErrPeriodNotSold,
				"price for %d months, which the tariff does not sell", months)
		}
		byCurrency := v.Prices[months]
		currencies := slices.SortedFunc(maps.Keys(byCurrency), func(a, b money.Currency) int {
			return cmp.Compare(a.Code(), b.Code())
		})
		for _, cur := range currencies {
			if cur.IsZero() {
				return fieldError(fmt.Sprintf("%s: prices for %d months", field, months), ErrCurrency, "empty currency")
			}
			if err := checkPrice(priceField(field, months, cur), money.New(byCurrency[cur], cur)); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkPrice(field string, price money.Money) error {
	if price.Sign() < 0 {
		return fieldError(field, ErrNegativePrice, "negative amount %s", price.Exact())
	}
	if err := money.CheckAmount(price.Amount); err != nil {
		return fieldError(field, ErrAmount, "%v", err)
	}
	return nil
}
