package money

import "errors"

// Sentinel errors; callers match them with errors.Is.
var (
	// ErrEmpty reports an empty amount or currency.
	ErrEmpty = errors.New("money: empty")
	// ErrSyntax reports an amount that is not a plain decimal.
	ErrSyntax = errors.New("money: not a plain decimal")
	// ErrTooLarge reports an amount whose magnitude exceeds MaxAbs.
	ErrTooLarge = errors.New("money: amount too large")
	// ErrTooPrecise reports more fractional digits than MaxFractionDigits.
	ErrTooPrecise = errors.New("money: too many fractional digits")
	// ErrCurrency reports a code that is not an ISO 4217 currency.
	ErrCurrency = errors.New("money: unknown currency")
	// ErrCurrencyMismatch reports arithmetic across two currencies.
	ErrCurrencyMismatch = errors.New("money: currency mismatch")
	// ErrDenominator reports a fraction whose denominator is not positive.
	ErrDenominator = errors.New("money: denominator not positive")
)
