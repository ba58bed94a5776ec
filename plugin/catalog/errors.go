package catalog

import "errors"

// Sentinel errors; callers match them with errors.Is. Validation wraps
// them in a *FieldError that names the field.
var (
	// ErrEmpty reports a required name or id that is empty.
	ErrEmpty = errors.New("catalog: empty")
	// ErrDuplicate reports a value or period listed twice.
	ErrDuplicate = errors.New("catalog: duplicate")
	// ErrUnknownValue reports a value name that the add-on does not list.
	ErrUnknownValue = errors.New("catalog: unknown value")
	// ErrPeriodNotSold reports a period the tariff does not sell.
	ErrPeriodNotSold = errors.New("catalog: period not sold")
	// ErrPriceMissing reports a value without a price for a sold period in
	// the currency asked for.
	ErrPriceMissing = errors.New("catalog: price missing")
	// ErrNegativePrice reports a price below zero.
	ErrNegativePrice = errors.New("catalog: negative price")
	// ErrAmount reports an amount beyond money's limits.
	ErrAmount = errors.New("catalog: amount out of range")
	// ErrCurrency reports a missing or invalid currency.
	ErrCurrency = errors.New("catalog: invalid currency")
	// ErrBillingType reports an add-on not billed "based on order".
	ErrBillingType = errors.New("catalog: unsupported billing type")
	// ErrPerCore reports an invalid per-core licence rule.
	ErrPerCore = errors.New("catalog: invalid per-core rule")
	// ErrPeriod reports a service period that is not a date range.
	ErrPeriod = errors.New("catalog: invalid period")
	// ErrMinimum reports a negative minimum disk or memory.
	ErrMinimum = errors.New("catalog: invalid minimum")
	// ErrStatus reports an unknown service status.
	ErrStatus = errors.New("catalog: unknown status")
)
