package pricing

import (
	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
)

// FundsDecision is what to do with a charge given the account's funds.
type FundsDecision string

// The funds decisions.
const (
	// DecisionCharge: the account can pay; charge it.
	DecisionCharge FundsDecision = "charge"
	// DecisionChargeIntoDebt: the account cannot pay, and policy allows debt.
	DecisionChargeIntoDebt FundsDecision = "charge_into_debt"
	// DecisionNotifyAdmin: the account cannot pay; leave the add-on as it was so
	// the next run retries, and notify the administrator (Plan.NotifyKey).
	DecisionNotifyAdmin FundsDecision = "notify_admin"
)

// CanPay reports whether balance + credit limit covers amount.
func CanPay(a catalog.Account, amount money.Money) (bool, error) {
	available := money.New(a.Balance.Add(a.CreditLimit), a.Currency)
	cmp, err := available.Cmp(amount)
	if err != nil {
		return false, err
	}
	return cmp >= 0, nil
}

// DecideFunds decides a charge: charge it when the account can pay, else
// follow p.InsufficientFunds. Seed: "In case of insufficient funds, the
// corresponding notification will be generated for the BILLmanager
// administrator."
func DecideFunds(p Policy, a catalog.Account, amount money.Money) (FundsDecision, error) {
	ok, err := CanPay(a, amount)
	switch {
	case err != nil:
		return "", err
	case ok:
		return DecisionCharge, nil
	case p.InsufficientFunds == FundsAllowDebt:
		return DecisionChargeIntoDebt, nil
	default:
		return DecisionNotifyAdmin, nil
	}
}
