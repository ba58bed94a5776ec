package money

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Money is an exact amount in one currency.
type Money struct {
	Amount   decimal.Decimal
	Currency Currency
}

// New pairs an amount with a currency. It does not round.
func New(amount decimal.Decimal, cur Currency) Money {
	return Money{Amount: amount, Currency: cur}
}

// Zero returns nothing in cur.
func Zero(cur Currency) Money { return Money{Currency: cur} }

// Parse reads a wire amount and currency code, with ParseAmount's and
// ParseCurrency's rules. It does not round: "0.125" EUR stays 0.125 until
// a rounding point.
func Parse(amount, currencyCode string) (Money, error) {
	cur, err := ParseCurrency(currencyCode)
	if err != nil {
		return Money{}, err
	}
	d, err := ParseAmount(amount)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: d, Currency: cur}, nil
}

// MustParse is Parse for constants in tests and examples; it panics.
func MustParse(amount, currencyCode string) Money {
	m, err := Parse(amount, currencyCode)
	if err != nil {
		panic(err)
	}
	return m
}

// Round rounds half-up (away from zero at .5) to the currency's minor
// unit. It is rounding point 1 (see the package doc): call it once on a
// finished charge, never on an intermediate value.
func (m Money) Round() Money {
	return Money{Amount: m.Amount.Round(m.Currency.Scale()), Currency: m.Currency}
}

// MulFrac returns m × num / den rounded half-up to the minor unit: rounding
// point 2. The exact quotient is rounded once; nothing is divided before.
// den must be positive.
func (m Money) MulFrac(num, den int64) (Money, error) {
	if den <= 0 {
		return Money{}, fmt.Errorf("%w: %d", ErrDenominator, den)
	}
	product := m.Amount.Mul(decimal.NewFromInt(num))
	return Money{
		Amount:   product.DivRound(decimal.NewFromInt(den), m.Currency.Scale()),
		Currency: m.Currency,
	}, nil
}

// Mul multiplies exactly, without rounding.
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(factor), Currency: m.Currency}
}

// Add adds exactly; the currencies must match.
func (m Money) Add(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency}, nil
}

// Sub subtracts exactly; the currencies must match.
func (m Money) Sub(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: m.Currency}, nil
}

// Cmp compares m with o: -1, 0 or +1; the currencies must match.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.sameCurrency(o); err != nil {
		return 0, err
	}
	return m.Amount.Cmp(o.Amount), nil
}

func (m Money) sameCurrency(o Money) error {
	if m.Currency != o.Currency {
		return fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return nil
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{Amount: m.Amount.Neg(), Currency: m.Currency} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{Amount: m.Amount.Abs(), Currency: m.Currency} }

// Sign returns -1, 0 or +1.
func (m Money) Sign() int { return m.Amount.Sign() }

// IsZero reports a zero amount.
func (m Money) IsZero() bool { return m.Amount.IsZero() }

// IsRounded reports whether m already has at most the minor-unit digits.
func (m Money) IsRounded() bool { return m.Round().Amount.Equal(m.Amount) }

// Decimal renders the amount with exactly the minor-unit digits ("0.10",
// JPY "150"), as the wire carries it. Rounding point 3: display only.
func (m Money) Decimal() string { return m.Amount.StringFixed(m.Currency.Scale()) }

// String renders "0.10 EUR". Rounding point 3: display only.
func (m Money) String() string { return m.Decimal() + " " + m.Currency.String() }

// Exact renders the amount with at least the minor-unit digits and more
// where the amount has them ("-1.00", "0.125"); it never rounds.
func (m Money) Exact() string {
	places := max(m.Currency.Scale(), fractionDigits(m.Amount))
	if places > MaxFractionDigits {
		places = max(m.Currency.Scale(), -m.Amount.Exponent())
	}
	return m.Amount.StringFixed(places)
}
