package rpc

import "time"

// Tariff is a tariff plan with its "Operating system" add-on, as the host's
// catalog holds it.
type Tariff struct {
	// ID is the tariff's id in the host.
	ID string `json:"id" yaml:"id"`
	// Name is the tariff's display name.
	Name string `json:"name,omitempty" yaml:"name"`
	// Periods lists the periods the tariff sells, in months (1, 3, 6, 12,
	// 24, 36).
	Periods []int `json:"periods" yaml:"periods"`
	// Addon is the "Operating system" add-on of the tariff.
	Addon Addon `json:"addon" yaml:"addon"`
}

// Addon is the "Operating system" add-on of a tariff: billing type "based on
// order", type "Operating system", an enumeration of values.
type Addon struct {
	// InternalName matches the internal name of the product type's
	// "Operating system" parameter, such as "ostempl"; protocol 2 refuses
	// a tariff whose add-on is named otherwise.
	InternalName string `json:"internal_name" yaml:"internal_name"`
	// BillingType is "order" (based on order), the only type the module
	// prices.
	BillingType string `json:"billing_type" yaml:"billing_type"`
	// Default is the internal name of the value applied when a template
	// matches no value, usually the free OS.
	Default string `json:"default" yaml:"default"`
	// Values are the enumeration values, each priced per period and
	// currency.
	Values []AddonValue `json:"values" yaml:"values"`
}

// AddonValue is one enumeration value of the add-on.
type AddonValue struct {
	// InternalName matches a VMmanager template's internal name exactly
	// (case-sensitive), such as "Windows-Server-2019".
	InternalName string `json:"internal_name" yaml:"internal_name"`
	// Name is the display name, such as "Windows Server 2019".
	Name string `json:"name,omitempty" yaml:"name"`
	// Prices is the value's price per period and currency.
	Prices []Price `json:"prices" yaml:"prices"`
	// PerCore, when present, makes the price one per pack of cores.
	PerCore *PerCore `json:"per_core,omitempty" yaml:"per_core"`
	// MinDiskMiB, when set, is the least disk in MiB a VM needs for this
	// OS; open and an OS change refuse a smaller VM.
	MinDiskMiB int `json:"min_disk_mib,omitempty" yaml:"min_disk_mib"`
	// MinRAMMiB, when set, is the least memory in MiB a VM needs for this
	// OS.
	MinRAMMiB int `json:"min_ram_mib,omitempty" yaml:"min_ram_mib"`
}

// Price is the price of a value for one period in one currency.
type Price struct {
	// Months is the period the price covers.
	Months int `json:"months" yaml:"months"`
	// Currency is an ISO 4217 code such as "EUR".
	Currency string `json:"currency" yaml:"currency"`
	// Amount is the price for the whole period, not negative.
	Amount Amount `json:"amount" yaml:"amount"`
}

// PerCore prices a value per pack of cores, as Windows Server is licensed:
// the price is paid once per started pack of PackSize cores, for at least
// MinCores cores.
type PerCore struct {
	// PackSize is the number of cores one price covers, at least 1.
	PackSize int `json:"pack_size" yaml:"pack_size"`
	// MinCores is the fewest cores ever charged for.
	MinCores int `json:"min_cores" yaml:"min_cores"`
}

// Account is the client account a service belongs to.
type Account struct {
	// ID is the account's id in the host.
	ID string `json:"id"`
	// Currency is the account's ISO 4217 currency; all its charges are in
	// it.
	Currency string `json:"currency"`
	// Balance is the money on the account now.
	Balance Amount `json:"balance"`
	// CreditLimit is how far below zero the balance may go, not negative.
	CreditLimit Amount `json:"credit_limit"`
}

// Service is one VPS service as the host holds it.
type Service struct {
	// ID is the service's id in the host.
	ID string `json:"id"`
	// Account is the account that pays for the service.
	Account Account `json:"account"`
	// TariffID names the tariff, sent beside the service.
	TariffID string `json:"tariff_id"`
	// PeriodMonths is the service's billing period in months.
	PeriodMonths int `json:"period_months"`
	// PeriodStart is the first instant of the paid period, UTC.
	PeriodStart time.Time `json:"period_start"`
	// PeriodEnd is the first instant after the paid period, UTC.
	PeriodEnd time.Time `json:"period_end"`
	// AddonValue is the internal name of the add-on value billed now.
	AddonValue string `json:"addon_value"`
	// OSTemplate is, in protocol 1 only, the service's "Operating system"
	// parameter: the template the host believes is installed. Protocol 2
	// carries it in Params and refuses this field.
	OSTemplate string `json:"os_template,omitempty"`
	// Params are the service's parameters by internal name (protocol 2).
	// The module reads one: the "Operating system" parameter, under the
	// name initialize gave (InitializeParams.OSParam).
	Params map[string]string `json:"params,omitempty"`
	// VMID is the VM's id in VMmanager, empty before open.
	VMID string `json:"vm_id,omitempty"`
	// Connection is the name of the VMmanager connection (processing
	// module) that runs the VM.
	Connection string `json:"connection"`
	// Status is the service's state in the host: "ordered", "active",
	// "suspended" or "closed".
	Status string `json:"status"`
	// Revision counts the changes the host applied to the service: the host
	// bumps it in the transaction that applies a change. Change keys carry
	// it, so a transition repeated inside one period (Linux→Windows again)
	// gets a new key. Zero means the host does not count; the module then
	// plans no refunds (see Money.Key and the downgrade policy).
	Revision int64 `json:"revision,omitempty"`
}
