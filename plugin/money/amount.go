package money

import (
	"fmt"
	"regexp"

	"github.com/shopspring/decimal"
)

// MaxFractionDigits is the most fractional digits an amount may carry.
// Eight digits leave room for sub-cent per-core prices while refusing
// garbage.
const MaxFractionDigits = 8

// MaxAbs is the largest magnitude accepted: one trillion in any currency.
// Anything larger is a typo or an attack, not a VPS price.
var MaxAbs = decimal.New(1, 12)

// maxAmountLen bounds the text before it reaches the decimal parser.
const maxAmountLen = 64

// plainDecimal is the only accepted wire form: an optional minus, digits,
// and optionally a point followed by digits. No plus sign, exponent,
// spaces, thousands separators, NaN or Inf.
var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParseAmount reads a wire decimal string such as "12.50" or "-3". It
// accepts only -?digits(.digits)?, at most MaxFractionDigits fractional
// digits and a magnitude of at most MaxAbs.
func ParseAmount(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, fmt.Errorf("%w amount", ErrEmpty)
	}
	if len(s) > maxAmountLen || !plainDecimal.MatchString(s) {
		return decimal.Decimal{}, fmt.Errorf("%w: amount %q (want -?digits[.digits])", ErrSyntax, truncate(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: amount %q", ErrSyntax, s)
	}
	if err := CheckAmount(d); err != nil {
		return decimal.Decimal{}, fmt.Errorf("amount %q: %w", s, err)
	}
	return d, nil
}

// CheckAmount applies ParseAmount's limits to a decimal that did not come
// from text, such as a catalog price built by the wire layer.
func CheckAmount(d decimal.Decimal) error {
	if d.Abs().GreaterThan(MaxAbs) {
		return fmt.Errorf("%w: %s exceeds %s", ErrTooLarge, d.String(), MaxAbs.String())
	}
	if fractionDigits(d) > MaxFractionDigits {
		return fmt.Errorf("%w: %s has more than %d", ErrTooPrecise, d.String(), MaxFractionDigits)
	}
	return nil
}

// fractionDigits counts significant fractional digits, so "1.50000" has 1.
func fractionDigits(d decimal.Decimal) int32 {
	for places := int32(0); places <= MaxFractionDigits; places++ {
		if d.Truncate(places).Equal(d) {
			return places
		}
	}
	return MaxFractionDigits + 1
}

func truncate(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
