package ledger

import (
	"strings"
	"testing"
)

// FuzzParseAmount: a wire amount is read or refused, never half-read; what
// is read renders canonically with at least the minor unit's digits and
// reads back to the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"10.10", "0", "-3", "1.005", "1e9", "0.1250", " 1", "+1", "١"} {
		f.Add(s)
	}
	eur, err := parseCurrency("EUR")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseAmount(s)
		if err != nil {
			return
		}
		text := canonical(d, eur)
		back, err := parseAmount(text)
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %q → %v, %v", s, text, back, err)
		}
		if digits := len(text) - strings.IndexByte(text, '.') - 1; digits < 2 || inMinorUnits(d, eur) != (digits == 2) {
			t.Fatalf("%q: inMinorUnits %t, canonical %q", s, inMinorUnits(d, eur), text)
		}
	})
}

// TestCanonicalKeepsEveryDigit: canonical pads to the minor unit and
// drops only trailing zeros beyond it.
func TestCanonicalKeepsEveryDigit(t *testing.T) {
	for _, tc := range []struct{ in, code, want string }{
		{"100", "EUR", "100.00"}, {"0.1250", "EUR", "0.125"}, {"150", "JPY", "150"}, {"1.5", "KWD", "1.500"}, {"-1", "EUR", "-1.00"},
	} {
		cur, err := parseCurrency(tc.code)
		if err != nil {
			t.Fatal(err)
		}
		d, err := parseAmount(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := canonical(d, cur); got != tc.want {
			t.Errorf("canonical(%s %s) = %s, want %s", tc.in, tc.code, got, tc.want)
		}
	}
}
