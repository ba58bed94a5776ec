package module

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/shopspring/decimal"

	"osaddon/plugin/catalog"
	"osaddon/plugin/money"
	"osaddon/plugin/pricing"
	"osaddon/plugin/syncplan"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
)

// This file is the one place where wire types become domain types, and
// domain errors become *rpc.Error naming the wire field.

// tariffFromWire converts a tariff; field is its path in the params, such
// as "tariff".
func tariffFromWire(t rpc.Tariff, field string) (catalog.Tariff, error) {
	out := catalog.Tariff{ID: t.ID, Name: t.Name, Periods: t.Periods, Addon: catalog.Addon{
		InternalName: t.Addon.InternalName, BillingType: catalog.BillingType(t.Addon.BillingType), Default: t.Addon.Default,
	}}
	for i, v := range t.Addon.Values {
		vf := fmt.Sprintf("%s.addon.values[%d]", field, i)
		value := catalog.Value{InternalName: v.InternalName, DisplayName: v.Name, Prices: map[int]map[money.Currency]decimal.Decimal{},
			MinDiskMiB: v.MinDiskMiB, MinRAMMiB: v.MinRAMMiB}
		if v.MinDiskMiB < 0 {
			return catalog.Tariff{}, rpc.Errorf(rpc.CodeInvalidCatalog, vf+".min_disk_mib", "must not be negative, got %d", v.MinDiskMiB)
		}
		if v.MinRAMMiB < 0 {
			return catalog.Tariff{}, rpc.Errorf(rpc.CodeInvalidCatalog, vf+".min_ram_mib", "must not be negative, got %d", v.MinRAMMiB)
		}
		if v.PerCore != nil {
			value.PerCore = &catalog.PerCore{PackSize: v.PerCore.PackSize, MinCores: v.PerCore.MinCores}
		}
		for j, p := range v.Prices {
			pf := fmt.Sprintf("%s.prices[%d]", vf, j)
			cur, err := currencyFromWire(p.Currency, pf+".currency")
			if err != nil {
				return catalog.Tariff{}, err
			}
			amount, err := amountFromWire(p.Amount, pf+".amount")
			if err != nil {
				return catalog.Tariff{}, err
			}
			if amount.IsNegative() {
				return catalog.Tariff{}, rpc.Errorf(rpc.CodeInvalidAmount, pf+".amount", "a price must not be negative, got %s", p.Amount)
			}
			if value.Prices[p.Months] == nil {
				value.Prices[p.Months] = map[money.Currency]decimal.Decimal{}
			}
			if _, dup := value.Prices[p.Months][cur]; dup {
				return catalog.Tariff{}, rpc.Errorf(rpc.CodeInvalidCatalog, pf, "a second price for %d months in %s", p.Months, cur)
			}
			value.Prices[p.Months][cur] = amount
		}
		out.Addon.Values = append(out.Addon.Values, value)
	}
	if err := out.Validate(); err != nil {
		return catalog.Tariff{}, domainError(err, field)
	}
	return out, nil
}

// accountFromWire converts an account.
func accountFromWire(a rpc.Account, field string) (catalog.Account, error) {
	cur, err := currencyFromWire(a.Currency, field+".currency")
	if err != nil {
		return catalog.Account{}, err
	}
	balance, err := amountFromWire(a.Balance, field+".balance")
	if err != nil {
		return catalog.Account{}, err
	}
	credit := decimal.Zero
	if a.CreditLimit != "" {
		if credit, err = amountFromWire(a.CreditLimit, field+".credit_limit"); err != nil {
			return catalog.Account{}, err
		}
	}
	out := catalog.Account{ID: a.ID, Currency: cur, Balance: balance, CreditLimit: credit}
	if err := out.Validate(); err != nil {
		return catalog.Account{}, domainError(err, field)
	}
	return out, nil
}

// requireService answers -32602 naming field when the service was left
// out (or sent empty or null): its own fields would only name a symptom.
func requireService(s rpc.Service, field string) error {
	if reflect.ValueOf(s).IsZero() {
		return rpc.Errorf(rpc.CodeInvalidParams, field, "required")
	}
	return nil
}

// serviceFromWire converts a service with its account; template is its
// "Operating system" parameter, wherever the protocol carries it.
func serviceFromWire(s rpc.Service, template, field string) (syncplan.Service, error) {
	if err := requireService(s, field); err != nil {
		return syncplan.Service{}, err
	}
	account, err := accountFromWire(s.Account, field+".account")
	if err != nil {
		return syncplan.Service{}, err
	}
	if s.Revision < 0 {
		return syncplan.Service{}, rpc.Errorf(rpc.CodeInvalidParams, field+".revision", "must not be negative")
	}
	out := syncplan.Service{
		Service: catalog.Service{
			ID: s.ID, AccountID: s.Account.ID, TariffID: s.TariffID,
			PeriodStart: s.PeriodStart, PeriodEnd: s.PeriodEnd, PeriodMonths: s.PeriodMonths,
			AddonValue: s.AddonValue, OSTemplate: template, VMID: s.VMID, Status: catalog.Status(s.Status),
		},
		Account:  account,
		Revision: s.Revision,
	}
	if err := out.Service.Validate(); err != nil {
		return syncplan.Service{}, domainError(err, field)
	}
	return out, nil
}

func currencyFromWire(code, field string) (money.Currency, error) {
	cur, err := money.ParseCurrency(code)
	if err != nil {
		return money.Currency{}, rpc.Errorf(rpc.CodeUnknownCurrency, field, "%q is not an ISO 4217 currency", code)
	}
	return cur, nil
}

func amountFromWire(a rpc.Amount, field string) (decimal.Decimal, error) {
	d, err := money.ParseAmount(string(a))
	if err != nil {
		return decimal.Decimal{}, rpc.Errorf(rpc.CodeInvalidAmount, field, "%v", err)
	}
	return d, nil
}

// domainError turns an error of the domain packages into an *rpc.Error
// whose field is the wire path of the object at fault; the domain's own
// message, which names the part inside it, follows.
func domainError(err error, field string) error {
	var e *rpc.Error
	if errors.As(err, &e) {
		return e
	}
	code := rpc.CodeInvalidCatalog
	switch {
	case errors.Is(err, catalog.ErrPriceMissing):
		code = rpc.CodePriceMissing
	case errors.Is(err, catalog.ErrPeriodNotSold), errors.Is(err, catalog.ErrPeriod), errors.Is(err, pricing.ErrOutsidePeriod):
		code = rpc.CodeInvalidPeriod
	case errors.Is(err, catalog.ErrCurrency), errors.Is(err, money.ErrCurrency), errors.Is(err, money.ErrCurrencyMismatch):
		code = rpc.CodeUnknownCurrency
	case errors.Is(err, catalog.ErrAmount), errors.Is(err, catalog.ErrNegativePrice):
		code = rpc.CodeInvalidAmount
	case errors.Is(err, catalog.ErrStatus), errors.Is(err, catalog.ErrEmpty), errors.Is(err, pricing.ErrCores):
		code = rpc.CodeInvalidParams
	}
	return rpc.Errorf(code, field, "%v", err)
}

// panelError maps a VMmanager failure to its code. vmmanager errors carry
// no credentials, so their text may reach the host.
func panelError(err error, field string) error {
	code := rpc.CodeVMmanagerRefused
	switch {
	case errors.Is(err, vmmanager.ErrUnreachable), errors.Is(err, vmmanager.ErrMalformed), errors.Is(err, vmmanager.ErrIncomplete):
		code = rpc.CodeVMmanagerUnavailable
	case errors.Is(err, vmmanager.ErrNotFound):
		code = rpc.CodeVMNotFound
	}
	return rpc.Errorf(code, field, "%v", err)
}
