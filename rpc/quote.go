package rpc

// QuoteParams asks for prices before anything is created: the cart of an
// order, or the order form of a tariff. A quote has no side effect and
// needs no VMmanager connection.
type QuoteParams struct {
	// Tariff is the tariff ordered, with its add-on.
	Tariff Tariff `json:"tariff"`
	// Currency is the client account's ISO 4217 currency.
	Currency string `json:"currency"`
	// PeriodMonths is the period ordered. With Template it is required;
	// without it, zero lists every period the tariff sells.
	PeriodMonths int `json:"period_months,omitempty"`
	// CPUs is the number of cores ordered; per-core values are priced for
	// it. Zero prices them for one core, which their minimum raises.
	CPUs int `json:"cpus,omitempty"`
	// Template, when set, is the OS template chosen: the result is the
	// price of that order. When empty, the result lists the orderable
	// values.
	Template string `json:"template,omitempty"`
}

// QuoteResult answers a quote: Price for a chosen template, or Values for
// the order form.
type QuoteResult struct {
	// Price is the breakdown open returns for the same tariff, period,
	// currency, cores and template; set when the params name a template.
	Price *PriceBreakdown `json:"price,omitempty"`
	// Values are the add-on's values in catalog order, each with its
	// prices; set when the params name no template.
	Values []QuoteValue `json:"values,omitempty"`
}

// QuoteValue is one value of the order form.
type QuoteValue struct {
	// InternalName is the value's internal name, the template it matches.
	InternalName string `json:"internal_name"`
	// Name is the value's display name, if it has one.
	Name string `json:"name,omitempty"`
	// Default is true for the add-on's default value.
	Default bool `json:"default,omitempty"`
	// Prices are the value's rounded prices in the currency asked for, one
	// per period asked for that has a price. The value is orderable on
	// exactly these periods.
	Prices []QuotePrice `json:"prices"`
	// MinDiskMiB is the value's minimum disk, if it has one.
	MinDiskMiB int `json:"min_disk_mib,omitempty"`
	// MinRAMMiB is the value's minimum memory, if it has one.
	MinRAMMiB int `json:"min_ram_mib,omitempty"`
	// Unpriced lists the periods asked for that have no price in the
	// currency: the value cannot be ordered on them.
	Unpriced []int `json:"unpriced,omitempty"`
}

// QuotePrice is a value's price for one period.
type QuotePrice struct {
	// Months is the period.
	Months int `json:"months"`
	// Amount is the price for the whole period, rounded to the currency's
	// minor unit.
	Amount Amount `json:"amount"`
	// Currency echoes the params.
	Currency string `json:"currency"`
}
