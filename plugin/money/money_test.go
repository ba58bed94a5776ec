package money_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"osaddon/plugin/money"
)

func TestParse(t *testing.T) {
	tests := []struct {
		amount, currency string
		want             string // Decimal() of the result
		err              error
	}{
		{"0.10", "EUR", "0.10", nil},
		{"0.1", "EUR", "0.10", nil},
		{"150", "JPY", "150", nil},
		{"1.234", "KWD", "1.234", nil},
		{"-3", "EUR", "-3.00", nil},
		{"1000000000000", "EUR", "1000000000000.00", nil},
		{"0.00000001", "EUR", "0.00", nil},
		{"", "EUR", "", money.ErrEmpty},
		{"1", "", "", money.ErrEmpty},
		{"1e5", "EUR", "", money.ErrSyntax},
		{"1E5", "EUR", "", money.ErrSyntax},
		{"+1", "EUR", "", money.ErrSyntax},
		{" 1", "EUR", "", money.ErrSyntax},
		{"1.", "EUR", "", money.ErrSyntax},
		{".5", "EUR", "", money.ErrSyntax},
		{"1,5", "EUR", "", money.ErrSyntax},
		{"NaN", "EUR", "", money.ErrSyntax},
		{"Inf", "EUR", "", money.ErrSyntax},
		{"-Infinity", "EUR", "", money.ErrSyntax},
		{"0x10", "EUR", "", money.ErrSyntax},
		{"1000000000000.01", "EUR", "", money.ErrTooLarge},
		{"-1000000000001", "EUR", "", money.ErrTooLarge},
		{"0.000000001", "EUR", "", money.ErrTooPrecise},
		{"1", "eur", "", money.ErrCurrency},
		{"1", "EURO", "", money.ErrCurrency},
		{"1", "ABC", "", money.ErrCurrency},
		{"1", "XXX", "", money.ErrCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.amount+"_"+tt.currency, func(t *testing.T) {
			m, err := money.Parse(tt.amount, tt.currency)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Parse(%q, %q) error = %v, want %v", tt.amount, tt.currency, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q, %q): %v", tt.amount, tt.currency, err)
			}
			if got := m.Decimal(); got != tt.want {
				t.Errorf("Decimal() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseKeepsPrecisionUntilRounded(t *testing.T) {
	m := money.MustParse("0.125", "EUR")
	if !m.Amount.Equal(decimal.RequireFromString("0.125")) {
		t.Fatalf("Parse rounded early: %s", m.Amount)
	}
	if m.IsRounded() {
		t.Fatal("0.125 EUR reported as rounded")
	}
}

func TestMinorUnitsComeFromISO4217(t *testing.T) {
	for code, want := range map[string]int32{"EUR": 2, "USD": 2, "RUB": 2, "JPY": 0, "KWD": 3, "BHD": 3} {
		if got := money.MustCurrency(code).Scale(); got != want {
			t.Errorf("%s scale = %d, want %d", code, got, want)
		}
	}
}

func TestRoundHalfUp(t *testing.T) {
	tests := []struct{ amount, currency, want string }{
		{"0.005", "EUR", "0.01"},
		{"0.00499999", "EUR", "0.00"},
		{"2.675", "EUR", "2.68"},
		{"-0.005", "EUR", "-0.01"},
		{"0.5", "JPY", "1"},
		{"149.5", "JPY", "150"},
		{"149.49999999", "JPY", "149"},
		{"1.0005", "KWD", "1.001"},
		{"1.00049999", "KWD", "1.000"},
		{"0.10", "EUR", "0.10"},
	}
	for _, tt := range tests {
		t.Run(tt.amount+"_"+tt.currency, func(t *testing.T) {
			got := money.MustParse(tt.amount, tt.currency).Round()
			if got.Decimal() != tt.want || !got.IsRounded() {
				t.Errorf("Round(%s %s) = %s, want %s", tt.amount, tt.currency, got.Decimal(), tt.want)
			}
		})
	}
}

func TestMulFracRoundsTheExactQuotientOnce(t *testing.T) {
	tests := []struct {
		amount, currency string
		num, den         int64
		want             string
	}{
		// 10 × 1/3 = 3.333… → 3.33
		{"10.00", "EUR", 1, 3, "3.33"},
		// 0.01 × 1/2 = 0.005 → 0.01 (half-up)
		{"0.01", "EUR", 1, 2, "0.01"},
		// 1 × 1/2 = 0.5 JPY → 1
		{"1", "JPY", 1, 2, "1"},
		// 0.001 × 1/2 = 0.0005 KWD → 0.001
		{"0.001", "KWD", 1, 2, "0.001"},
		// a negative difference rounds away from zero too
		{"-0.01", "EUR", 1, 2, "-0.01"},
		// rounding 1/3 to 16 digits first and then to cents would give the
		// same here, but 2/3 of 0.015 = 0.01 exactly
		{"0.015", "EUR", 2, 3, "0.01"},
	}
	for _, tt := range tests {
		got, err := money.MustParse(tt.amount, tt.currency).MulFrac(tt.num, tt.den)
		if err != nil {
			t.Fatal(err)
		}
		if got.Decimal() != tt.want {
			t.Errorf("%s %s × %d/%d = %s, want %s", tt.amount, tt.currency, tt.num, tt.den, got.Decimal(), tt.want)
		}
	}
	if _, err := money.MustParse("1", "EUR").MulFrac(1, 0); !errors.Is(err, money.ErrDenominator) {
		t.Errorf("MulFrac(1, 0) error = %v", err)
	}
}

func TestArithmeticRefusesMixedCurrencies(t *testing.T) {
	eur, jpy := money.MustParse("1", "EUR"), money.MustParse("1", "JPY")
	if _, err := eur.Add(jpy); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Errorf("Add error = %v", err)
	}
	if _, err := eur.Sub(jpy); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Errorf("Sub error = %v", err)
	}
	if _, err := eur.Cmp(jpy); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Errorf("Cmp error = %v", err)
	}
}

func TestString(t *testing.T) {
	if got := money.MustParse("0.1", "EUR").String(); got != "0.10 EUR" {
		t.Errorf("String() = %q", got)
	}
	if got := money.MustParse("150", "JPY").String(); got != "150 JPY" {
		t.Errorf("String() = %q", got)
	}
}

func TestCurrencyText(t *testing.T) {
	var c money.Currency
	if err := c.UnmarshalText([]byte("KWD")); err != nil || c.Scale() != 3 {
		t.Fatalf("UnmarshalText: %v %v", c, err)
	}
	if err := c.UnmarshalText([]byte("kwd")); !errors.Is(err, money.ErrCurrency) {
		t.Fatalf("UnmarshalText(kwd) error = %v", err)
	}
	text, _ := c.MarshalText()
	if string(text) != "KWD" {
		t.Fatalf("MarshalText = %q", text)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0.10", "-3", "1e5", "NaN", "", "1000000000000", "0.000000001", "99999999999999999999", "1.2.3", "-0"} {
		f.Add(s, "EUR")
	}
	f.Add("150", "JPY")
	f.Add("1.0005", "KWD")
	f.Add("1", "eur")
	f.Fuzz(func(t *testing.T, amount, code string) {
		m, err := money.Parse(amount, code)
		if err != nil {
			return
		}
		if m.Amount.Abs().GreaterThan(money.MaxAbs) {
			t.Fatalf("accepted %q beyond MaxAbs", amount)
		}
		// What was accepted renders and parses back to the same value.
		back, err := money.Parse(m.Amount.String(), code)
		if err != nil || !back.Amount.Equal(m.Amount) {
			t.Fatalf("round trip of %q: %v %v", amount, back, err)
		}
		r := m.Round()
		if !r.IsRounded() || r.Amount.Sub(m.Amount).Abs().GreaterThan(decimal.New(5, -m.Currency.Scale()-1)) {
			t.Fatalf("Round(%s) = %s", m.Amount, r.Amount)
		}
	})
}

func TestExactNeverRounds(t *testing.T) {
	for _, tt := range []struct{ amount, currency, want string }{
		{"-1", "EUR", "-1.00"}, {"0.125", "EUR", "0.125"}, {"150.5", "JPY", "150.5"}, {"1.5", "KWD", "1.500"},
	} {
		if got := money.MustParse(tt.amount, tt.currency).Exact(); got != tt.want {
			t.Errorf("Exact(%s %s) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
	third, _ := decimal.NewFromInt(1).QuoRem(decimal.NewFromInt(3), 12)
	if got := money.New(third, money.MustCurrency("EUR")).Exact(); got != "0.333333333333" {
		t.Errorf("Exact(1/3) = %q", got)
	}
}
