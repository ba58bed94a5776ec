package pricing

import (
	"errors"
	"fmt"
	"io"

	"osaddon/internal/strictyaml"
)

// Proration is how a change inside a paid period is priced.
type Proration string

// The proration modes.
const (
	// ProrateDaily charges (new − old) × remaining days / days in period.
	ProrateDaily Proration = "daily"
	// ProrateFullPeriod charges the whole difference for the period, as
	// SPLA licences are charged: a licence used in a month is owed for it.
	ProrateFullPeriod Proration = "full_period"
)

// Downgrade is what a change to a cheaper value returns.
type Downgrade string

// The downgrade modes.
const (
	// DowngradeRefund refunds the prorated difference.
	DowngradeRefund Downgrade = "refund"
	// DowngradeNone refunds nothing: the period is paid.
	DowngradeNone Downgrade = "none"
)

// InsufficientFunds is what happens when an account cannot pay a charge.
type InsufficientFunds string

// The insufficient-funds modes.
const (
	// FundsNotifyAdmin leaves the add-on as it was, so the next run
	// retries, and notifies the administrator once per service, value and
	// period. Seed: "In case of insufficient funds, the corresponding
	// notification will be generated for the BILLmanager administrator."
	FundsNotifyAdmin InsufficientFunds = "notify_admin"
	// FundsAllowDebt charges anyway, below the credit limit.
	FundsAllowDebt InsufficientFunds = "allow_debt"
)

// Policy is the pricing part of the module's YAML config.
type Policy struct {
	Proration         Proration         `yaml:"proration"`
	Downgrade         Downgrade         `yaml:"downgrade"`
	InsufficientFunds InsufficientFunds `yaml:"insufficient_funds"`
}

// DefaultPolicy prorates daily, refunds nothing on a downgrade and
// notifies the administrator when funds are short.
//
// No refund by default because of the one-charge-per-period rule: a
// client flipping Windows→Linux→Windows in one period is charged once (the
// second charge has the same key), so refunding the first downgrade would
// leave the second Windows period unpaid.
func DefaultPolicy() Policy {
	return Policy{Proration: ProrateDaily, Downgrade: DowngradeNone, InsufficientFunds: FundsNotifyAdmin}
}

// ParsePolicy reads a YAML document strictly, starting from
// DefaultPolicy, and validates it.
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	if err := strictyaml.Decode(data, &p); err != nil && !errors.Is(err, io.EOF) {
		return Policy{}, fmt.Errorf("%w: %v", ErrPolicy, err)
	}
	return p, p.Validate()
}

// Validate checks each field against its modes. It refuses full_period
// with refund: a period charged whole as a licence cannot be handed back.
func (p Policy) Validate() error {
	switch p.Proration {
	case ProrateDaily, ProrateFullPeriod:
	default:
		return fieldError("policy: proration", ErrPolicy, "%q, want %q or %q", p.Proration, ProrateDaily, ProrateFullPeriod)
	}
	switch p.Downgrade {
	case DowngradeRefund, DowngradeNone:
	default:
		return fieldError("policy: downgrade", ErrPolicy, "%q, want %q or %q", p.Downgrade, DowngradeRefund, DowngradeNone)
	}
	switch p.InsufficientFunds {
	case FundsNotifyAdmin, FundsAllowDebt:
	default:
		return fieldError("policy: insufficient_funds", ErrPolicy, "%q, want %q or %q",
			p.InsufficientFunds, FundsNotifyAdmin, FundsAllowDebt)
	}
	if p.Proration == ProrateFullPeriod && p.Downgrade == DowngradeRefund {
		return fieldError("policy: downgrade", ErrPolicy, "%q cannot go with proration %q", p.Downgrade, p.Proration)
	}
	return nil
}
