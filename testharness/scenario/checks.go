package scenario

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"gopkg.in/yaml.v3"

	"osaddon/internal/strictyaml"
	"osaddon/rpc"
)

// The harness checks a scenario with its own rules, as a billing core
// would: it shares no code with the module it judges.

var isoCode = regexp.MustCompile(`^[A-Z]{3}$`)

// checkCurrency refuses what is no upper-case ISO 4217 code; XXX and XTS
// bill nothing.
func checkCurrency(code string) error {
	if code == "" {
		return errors.New("empty currency")
	}
	if !isoCode.MatchString(code) || code == "XXX" || code == "XTS" {
		return fmt.Errorf("%q is no ISO 4217 currency code", code)
	}
	if _, err := currency.ParseISO(code); err != nil {
		return fmt.Errorf("%q is no ISO 4217 currency code", code)
	}
	return nil
}

// plainDecimal is the one accepted form of an amount: -?digits[.digits],
// no exponent, as on the wire.
var plainDecimal = regexp.MustCompile(`^-?[0-9]{1,20}(\.[0-9]{1,12})?$`)

// parseAmount reads a decimal string such as "12.50".
func parseAmount(s string) (decimal.Decimal, error) {
	if !plainDecimal.MatchString(s) {
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return decimal.Zero, fmt.Errorf("amount %q is not a plain decimal string such as \"12.50\"", s)
	}
	return decimal.NewFromString(s)
}

// policy is the module's billing policy as the scenario gives it.
type policy struct {
	Proration         string `yaml:"proration"`
	Downgrade         string `yaml:"downgrade"`
	InsufficientFunds string `yaml:"insufficient_funds"`
}

// checkPolicy checks the policy's names against the documented ones
// (docs/CONFIG.md; insufficient_funds as on the wire).
func checkPolicy(node *yaml.Node) error {
	p := policy{Proration: "daily", Downgrade: "none", InsufficientFunds: rpc.PolicyNotifyAdmin}
	if err := decodeStrict(node, &p); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		want        []string
	}{
		{"proration", p.Proration, []string{"daily", "full_period"}},
		{"downgrade", p.Downgrade, []string{"none", "refund"}},
		{"insufficient_funds", p.InsufficientFunds, []string{rpc.PolicyNotifyAdmin, rpc.PolicyAllowDebt}},
	} {
		if !slices.Contains(f.want, f.value) {
			return fmt.Errorf("%s: %q, want %q or %q", f.name, f.value, f.want[0], f.want[1])
		}
	}
	if p.Proration == "full_period" && p.Downgrade == "refund" {
		return errors.New(`downgrade: "refund" cannot go with proration "full_period"`)
	}
	return nil
}

// mappingShape is the shape of the module's mapping config. The harness
// checks the shape; the module checks the meaning when it starts.
type mappingShape struct {
	Aliases            map[string]string `yaml:"aliases"`
	CommercialPatterns []string          `yaml:"commercial_patterns"`
	FreeTemplates      []string          `yaml:"free_templates"`
}

// checkMapping checks the mapping's keys and types.
func checkMapping(node *yaml.Node) error {
	var m mappingShape
	return decodeStrict(node, &m)
}

// decodeStrict decodes node into v, refusing unknown keys.
func decodeStrict(node *yaml.Node, v any) error {
	b, err := yaml.Marshal(node)
	if err != nil {
		return err
	}
	if err := strictyaml.Decode(b, v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}
