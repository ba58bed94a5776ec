package ledger

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// The ledger reads and writes wire amounts with its own decimal rules, as
// a billing core does: it shares no code with the module it judges.

// currencyOf is an ISO 4217 currency with the digits of its minor unit.
type currencyOf struct {
	code  string
	scale int32
}

// Code is the ISO 4217 code.
func (c currencyOf) Code() string { return c.code }

// String is the ISO 4217 code.
func (c currencyOf) String() string { return c.code }

var isoCode = regexp.MustCompile(`^[A-Z]{3}$`)

// parseCurrency reads an upper-case ISO 4217 code; XXX and XTS bill
// nothing.
func parseCurrency(code string) (currencyOf, error) {
	if !isoCode.MatchString(code) || code == "XXX" || code == "XTS" {
		return currencyOf{}, fmt.Errorf("%q is no ISO 4217 currency code", code)
	}
	unit, err := currency.ParseISO(code)
	if err != nil {
		return currencyOf{}, fmt.Errorf("%q is no ISO 4217 currency code", code)
	}
	scale, _ := currency.Standard.Rounding(unit)
	return currencyOf{code: unit.String(), scale: int32(scale)}, nil
}

// wireDecimal is the one accepted wire form of an amount.
var wireDecimal = regexp.MustCompile(`^-?[0-9]{1,20}(\.[0-9]{1,12})?$`)

// errAmount reports an amount that is no plain decimal string.
var errAmount = errors.New("not a plain decimal string such as \"12.50\"")

// parseAmount reads a wire amount: -?digits[.digits], no exponent.
func parseAmount(s string) (decimal.Decimal, error) {
	if !wireDecimal.MatchString(s) {
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return decimal.Zero, fmt.Errorf("amount %q: %w", s, errAmount)
	}
	return decimal.NewFromString(s)
}

// inMinorUnits reports whether d has no digits below cur's minor unit.
func inMinorUnits(d decimal.Decimal, cur currencyOf) bool {
	return d.Truncate(cur.scale).Equal(d)
}

// canonical renders an amount with at least the currency's minor-unit
// digits, and more where it has them; it never rounds: "100" EUR is
// "100.00".
func canonical(d decimal.Decimal, cur currencyOf) string {
	places := cur.scale
	for !d.Truncate(places).Equal(d) {
		places++
	}
	return d.StringFixed(places)
}
