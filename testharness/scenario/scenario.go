package scenario

import (
	"time"

	"gopkg.in/yaml.v3"

	"osaddon/rpc"
)

// Scenario is one scenario file.
type Scenario struct {
	// Name names the scenario in reports.
	Name string `yaml:"name"`
	// Description says in one sentence what the scenario shows.
	Description string `yaml:"description"`
	// Start and End bound the virtual clock; the cron fires in (Start, End].
	Start time.Time `yaml:"start"`
	End   time.Time `yaml:"end"`
	// Cron is the sync schedule; empty means 30 */4 * * *.
	Cron string `yaml:"cron"`
	// Panel is the fake VMmanager the module talks to.
	Panel Panel `yaml:"panel"`
	// Module is the module's config besides its connections, which the
	// harness fills in.
	Module Module `yaml:"module"`
	// Tariffs is the catalog, in the wire's own types; billing_type may
	// be left out ("order").
	Tariffs []rpc.Tariff `yaml:"tariffs"`
	// Accounts are the clients' accounts.
	Accounts []Account `yaml:"accounts"`
	// Services are the VPS services at Start.
	Services []Service `yaml:"services"`
	// Events happen at their times, in file order for equal times, before
	// a cron tick at the same instant.
	Events []Event `yaml:"events"`
	// Expect must hold at End.
	Expect Expect `yaml:"expect"`
}

// Module holds the parts of the module's config a scenario may set, as the
// module's config file spells them.
type Module struct {
	// Policy is the module's billing policy (proration, downgrade,
	// insufficient_funds).
	Policy yaml.Node `yaml:"policy"`
	// Mapping is the module's mapping config (aliases,
	// commercial_patterns).
	Mapping yaml.Node `yaml:"mapping"`
}

// Panel is the fake VMmanager.
type Panel struct {
	// Kind is vmmanager5 or vmmanager6.
	Kind string `yaml:"kind"`
	// Connection is the connection's name in the module's config and in the
	// services.
	Connection string `yaml:"connection"`
	// Templates replace the fake's default templates when given.
	Templates []Template `yaml:"templates"`
	// VMs are the panel's VMs at Start.
	VMs []VM `yaml:"vms"`
	// Generate adds that many more VMs at Start, with ids from 100001,
	// drawn from the fake's default templates, without services.
	Generate int `yaml:"generate"`
	// IgnorePaging makes a VMmanager 6 panel answer its whole VM list to
	// every page, as panels that public clients never page may.
	IgnorePaging bool `yaml:"ignore_paging"`
}

// Template is an OS template in the panel.
type Template struct {
	Name       string `yaml:"name"`
	Repository string `yaml:"repository"`
}

// VM is a VM in the panel.
type VM struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	IP       string `yaml:"ip"`
	Template string `yaml:"template"`
	CPUs     int    `yaml:"cpus"`
	// State is running (default), stopped, installing, or any other word,
	// which the panel reports verbatim (VMmanager 5 says down for stopped).
	State string `yaml:"state"`
}

// Account is a client account.
type Account struct {
	ID          string `yaml:"id"`
	Currency    string `yaml:"currency"`
	Balance     string `yaml:"balance"`
	CreditLimit string `yaml:"credit_limit"`
}

// Service is a VPS service at Start.
type Service struct {
	ID           string    `yaml:"id"`
	Account      string    `yaml:"account"`
	Tariff       string    `yaml:"tariff"`
	PeriodMonths int       `yaml:"period_months"`
	PeriodStart  time.Time `yaml:"period_start"`
	AddonValue   string    `yaml:"addon_value"`
	OSTemplate   string    `yaml:"os_template"`
	VM           string    `yaml:"vm"`
	// Status is active (default), suspended, closed, or ordered: not yet
	// opened; an order event opens it.
	Status string `yaml:"status"`
}

// Event is one thing that happens at At. Exactly one of its actions is set.
type Event struct {
	At time.Time `yaml:"at"`
	// Note is shown in the timeline.
	Note string `yaml:"note"`
	// Reinstall: the client reinstalls a VM inside VMmanager.
	Reinstall *Reinstall `yaml:"reinstall"`
	// Installing: a VM starts (true) or finishes (false) installing.
	Installing *Installing `yaml:"installing"`
	// TopUp: money arrives on an account.
	TopUp *TopUp `yaml:"top_up"`
	// Node: "down" or "up", the panel failing or coming back.
	Node string `yaml:"node"`
	// SetPrice: the catalog's price of a value changes.
	SetPrice *SetPrice `yaml:"set_price"`
	// SetParam: the billing core changes a service's OS.
	SetParam *SetParam `yaml:"setparam"`
	// Sync: an extra sync run outside the cron, e.g. a second run at the
	// same instant or a dry run.
	Sync *Sync `yaml:"sync"`
	// Order: the client orders an "ordered" service with a template; the
	// billing core prices the cart with quote, takes the payment, and
	// calls open only once paid.
	Order *Order `yaml:"order"`
	// Fault: the panel misbehaves on its next requests.
	Fault *Fault `yaml:"fault"`
	// Suspend: the billing core suspends a service; the module stops its
	// VM.
	Suspend *Suspend `yaml:"suspend"`
}

// Suspend suspends a service and states the answer expected. A different
// answer stops the run with an error.
type Suspend struct {
	Service string `yaml:"service"`
	// ExpectCode is the JSON-RPC error code expected; 0 expects success.
	ExpectCode int `yaml:"expect_code"`
	// ExpectMessage must appear in the error message, when set.
	ExpectMessage string `yaml:"expect_message"`
}

// Order orders a service: quote, payment, and open once paid.
type Order struct {
	Service  string `yaml:"service"`
	Template string `yaml:"template"`
	CPUs     int    `yaml:"cpus"`
	// Expect, when set, is what the order must come to; otherwise the run
	// stops.
	Expect *OrderExpect `yaml:"expect"`
}

// OrderExpect is what an order must come to.
type OrderExpect struct {
	// Paid, when set, is whether the order was paid (a free order counts
	// as paid).
	Paid *bool `yaml:"paid"`
	// PanelRequests, when set, is how many HTTP requests the fake panel
	// served during the order.
	PanelRequests *int `yaml:"panel_requests"`
	// Code, when set, is the error code the module must refuse the order
	// with (in quote or open), such as -32012 for a missing price.
	Code *int `yaml:"code"`
}

// Fault kinds.
const (
	FaultTruncate       = "truncate"        // answers cut in half
	FaultMalformed      = "malformed"       // garbage answers
	FaultStatus         = "status"          // HTTP Status answers, e.g. 500 or 503
	FaultExpireSessions = "expire_sessions" // sessions drop after Count more requests
	FaultTaskFail       = "task_fail"       // the next Count operations fail with Output
	FaultLostCreate     = "lost_create"     // the next Count creates are carried out, their answers lost
)

// Fault makes the panel misbehave on its next Count requests.
type Fault struct {
	Kind   string `yaml:"kind"`
	Count  int    `yaml:"count"`
	Status int    `yaml:"status"`
	// Output is what a failing task says (task_fail).
	Output string `yaml:"output"`
}

// Reinstall is a reinstall made inside the panel.
type Reinstall struct {
	VM       string `yaml:"vm"`
	Template string `yaml:"template"`
}

// Installing marks a VM's install as in progress or done.
type Installing struct {
	VM   string `yaml:"vm"`
	Done bool   `yaml:"done"`
}

// TopUp adds money to an account.
type TopUp struct {
	Account string `yaml:"account"`
	Amount  string `yaml:"amount"`
}

// SetPrice changes one price in the catalog.
type SetPrice struct {
	Tariff   string `yaml:"tariff"`
	Value    string `yaml:"value"`
	Months   int    `yaml:"months"`
	Currency string `yaml:"currency"`
	Amount   string `yaml:"amount"`
}

// SetParam changes a service's OS, or moves it to another tariff or
// period length, through the billing core: os_template, or tariff and/or
// period_months.
type SetParam struct {
	Service      string `yaml:"service"`
	OSTemplate   string `yaml:"os_template"`
	Tariff       string `yaml:"tariff"`
	PeriodMonths int    `yaml:"period_months"`
}

// Sync is a sync run outside the cron.
type Sync struct {
	DryRun bool `yaml:"dry_run"`
	// Expect, when set, must hold for the run's summary; a run that
	// differs stops the scenario with an error.
	Expect *SyncExpect `yaml:"expect"`
}

// SyncExpect is what a sync run's summary must say.
type SyncExpect struct {
	// VMs is the number of VMs listed, each counted once.
	VMs int `yaml:"vms"`
	// Complete, when set, is whether the listing was whole.
	Complete *bool `yaml:"complete"`
}

// Expect is what must hold at End. Lists are compared whole: an entry
// missing or extra is a failure.
type Expect struct {
	Ledger        []LedgerEntry     `yaml:"ledger"`
	Notifications []Notification    `yaml:"notifications"`
	Services      []ServiceState    `yaml:"services"`
	Balances      map[string]string `yaml:"balances"`
}

// LedgerEntry is one charge or refund.
type LedgerEntry struct {
	Service  string `yaml:"service"`
	Kind     string `yaml:"kind"`
	Amount   string `yaml:"amount"`
	Currency string `yaml:"currency"`
}

// Notification is one recorded notification.
type Notification struct {
	Kind    string `yaml:"kind"`
	Service string `yaml:"service"`
	VM      string `yaml:"vm"`
}

// ServiceState is a service's state at End.
type ServiceState struct {
	ID         string `yaml:"id"`
	AddonValue string `yaml:"addon_value"`
	OSTemplate string `yaml:"os_template"`
}
