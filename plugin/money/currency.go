package money

import (
	"fmt"
	"regexp"

	"golang.org/x/text/currency"
)

// Currency is a validated ISO 4217 currency. The zero Currency is invalid:
// every constructor rejects it, so one found in data was never set.
type Currency struct {
	code  string
	scale int32
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// ParseCurrency accepts an upper-case ISO 4217 code such as "EUR". XXX (no
// currency) and XTS (testing) are refused: nothing is billed in them.
func ParseCurrency(code string) (Currency, error) {
	if code == "" {
		return Currency{}, fmt.Errorf("%w currency", ErrEmpty)
	}
	if !currencyCode.MatchString(code) || code == "XXX" || code == "XTS" {
		return Currency{}, fmt.Errorf("%w %q", ErrCurrency, code)
	}
	unit, err := currency.ParseISO(code)
	if err != nil {
		return Currency{}, fmt.Errorf("%w %q", ErrCurrency, code)
	}
	scale, _ := currency.Standard.Rounding(unit)
	return Currency{code: unit.String(), scale: int32(scale)}, nil
}

// MustCurrency is ParseCurrency for constants in tests and examples; it
// panics on a bad code.
func MustCurrency(code string) Currency {
	c, err := ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Code returns the ISO 4217 code, or "" for the zero Currency.
func (c Currency) Code() string { return c.code }

// String returns the ISO 4217 code.
func (c Currency) String() string { return c.code }

// IsZero reports whether c was never set.
func (c Currency) IsZero() bool { return c.code == "" }

// Scale returns the number of minor-unit digits: EUR 2, JPY 0, KWD 3.
func (c Currency) Scale() int32 { return c.scale }

// MarshalText renders the code, so a Currency can sit in JSON or YAML.
func (c Currency) MarshalText() ([]byte, error) { return []byte(c.code), nil }

// UnmarshalText parses a code with ParseCurrency.
func (c *Currency) UnmarshalText(text []byte) error {
	parsed, err := ParseCurrency(string(text))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
