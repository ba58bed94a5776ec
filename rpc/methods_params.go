package rpc

import "time"

// CheckConnectionParams asks the module to test its VMmanager connections.
type CheckConnectionParams struct {
	// Connection limits the check to one connection; empty checks all.
	Connection string `json:"connection,omitempty"`
}

// CheckConnectionResult reports one status per connection checked.
type CheckConnectionResult struct {
	// Connections are sorted by name.
	Connections []ConnectionStatus `json:"connections"`
}

// ConnectionStatus is the outcome of checking one connection.
type ConnectionStatus struct {
	// Name is the connection's name in the module's config.
	Name string `json:"name"`
	// Kind is "vmmanager5" or "vmmanager6".
	Kind string `json:"kind"`
	// OK is true when the module logged in and listed templates.
	OK bool `json:"ok"`
	// Templates is the number of templates listed.
	Templates int `json:"templates"`
	// Error says what failed, without secrets.
	Error string `json:"error,omitempty"`
}

// VMSpec is how the VM for a new service is built.
type VMSpec struct {
	// Name is the host's name for the VM. The module names the VM itself
	// after the service (see open in docs/PROTOCOL.md), so that a repeated
	// open finds it.
	Name string `json:"name"`
	// Password is the root or Administrator password. It is a secret: the
	// module never logs it.
	Password string `json:"password"`
	// User is the VMmanager user that owns the VM, if any.
	User string `json:"user,omitempty"`
	// Preset is a VMmanager preset; when empty, CPUs, RAMMiB and DiskMiB
	// size the VM.
	Preset string `json:"preset,omitempty"`
	// CPUs is the number of virtual cores; per-core prices use it.
	CPUs int `json:"cpus,omitempty"`
	// RAMMiB is the memory in MiB.
	RAMMiB int `json:"ram_mib,omitempty"`
	// DiskMiB is the disk size in MiB.
	DiskMiB int `json:"disk_mib,omitempty"`
}

// OpenParams creates the VM of a new service and prices its add-on.
type OpenParams struct {
	// Service is the new service; its VMID is empty.
	Service Service `json:"service"`
	// Tariff is the service's tariff with its add-on.
	Tariff Tariff `json:"tariff"`
	// Template is the OS template the client chose.
	Template string `json:"template"`
	// VM sizes the VM to create.
	VM VMSpec `json:"vm"`
	// AsOf is the time of the order, UTC.
	AsOf time.Time `json:"as_of"`
}

// OpenResult is the service's initial state and its price.
type OpenResult struct {
	// Actions hold one change: the add-on value and the params vm_id, ip
	// and the "Operating system" parameter.
	Actions []Action `json:"actions"`
	// Price is the add-on's part of the order price.
	Price PriceBreakdown `json:"price"`
}

// PriceBreakdown shows the add-on's part of an order.
type PriceBreakdown struct {
	// Template is the template the client chose.
	Template string `json:"template"`
	// Value is the add-on value it maps to.
	Value string `json:"value"`
	// MatchedBy is "exact", "alias" or "default".
	MatchedBy string `json:"matched_by"`
	// Months is the period priced.
	Months int `json:"months"`
	// Amount is the add-on's price for the period, rounded.
	Amount Amount `json:"amount"`
	// Currency is the account's currency.
	Currency string `json:"currency"`
	// MinDiskMiB is the value's minimum disk, if it has one.
	MinDiskMiB int `json:"min_disk_mib,omitempty"`
	// MinRAMMiB is the value's minimum memory, if it has one.
	MinRAMMiB int `json:"min_ram_mib,omitempty"`
}

// ServiceParams names one service for suspend, resume and close.
type ServiceParams struct {
	// Service is the service to act on; its VMID must be set.
	Service Service `json:"service"`
	// Tariff is the service's tariff; resume needs it to re-check the
	// installed OS, the others ignore it.
	Tariff *Tariff `json:"tariff,omitempty"`
	// AsOf is the time of the call, UTC.
	AsOf time.Time `json:"as_of"`
}

// ActionsResult carries the actions of a call that may change billing state.
type ActionsResult struct {
	// Actions are what the host must apply, in order.
	Actions []Action `json:"actions"`
}

// SetParamParams reports that the host changed a service parameter.
type SetParamParams struct {
	// Service is the service as it was before the change.
	Service Service `json:"service"`
	// Tariff is the service's tariff (the new one if the tariff changed).
	Tariff Tariff `json:"tariff"`
	// OSTemplate, when set, is the new OS template: the VM is reinstalled.
	OSTemplate string `json:"os_template,omitempty"`
	// Password is the password for the reinstall; a secret.
	Password string `json:"password,omitempty"`
	// PeriodMonths, when set, is the new billing period.
	PeriodMonths int `json:"period_months,omitempty"`
	// TariffID, when set, is the new tariff's id.
	TariffID string `json:"tariff_id,omitempty"`
	// FromTariff is the service's tariff before the change, with its
	// prices. A move to another tariff needs it whenever money may move:
	// when the service's add-on value, or the value its template maps to
	// under the new tariff, is not the new tariff's default. Without it
	// such a move is refused, naming from_tariff; a move between free
	// values works without it, as before.
	FromTariff *Tariff `json:"from_tariff,omitempty"`
	// VM holds the service's current VM sizes. An OS change checks them
	// against the new value's minimums; when absent, no minimum is checked.
	VM *VMSizes `json:"vm,omitempty"`
	// AsOf is the time of the change, UTC.
	AsOf time.Time `json:"as_of"`
}

// VMSizes are a service's current VM sizes; zero means not known.
type VMSizes struct {
	// CPUs is the number of virtual cores; a move prices per-core values
	// for it (when zero, the VM is looked up in VMmanager).
	CPUs int `json:"cpus,omitempty"`
	// RAMMiB is the memory in MiB.
	RAMMiB int `json:"ram_mib,omitempty"`
	// DiskMiB is the disk size in MiB.
	DiskMiB int `json:"disk_mib,omitempty"`
}

// SyncServerParams starts one synchronization run for one VMmanager
// connection.
type SyncServerParams struct {
	// Connection is the VMmanager connection (processing module) to sync.
	Connection string `json:"connection"`
	// RunID identifies the run in progress notifications and logs.
	RunID string `json:"run_id"`
	// AsOf is the run's time, UTC: proration counts days from it.
	AsOf time.Time `json:"as_of"`
	// DryRun asks for the plan only; every change comes back marked.
	DryRun bool `json:"dry_run,omitempty"`
	// PageSize is the billing/services page size the module asks for;
	// zero lets the module choose.
	PageSize int `json:"page_size,omitempty"`
}

// SyncServerResult is the plan of one run.
type SyncServerResult struct {
	// RunID echoes the params.
	RunID string `json:"run_id"`
	// DryRun echoes the params.
	DryRun bool `json:"dry_run,omitempty"`
	// Actions are the plan, in a stable order.
	Actions []Action `json:"actions"`
	// Summary counts what the run saw and planned.
	Summary SyncSummary `json:"summary"`
}

// SyncSummary counts what one run saw and planned for its connection.
type SyncSummary struct {
	// Connection is the connection synced.
	Connection string `json:"connection"`
	// Complete is false when the VM listing failed or was cut short; then
	// no service of the connection was changed.
	Complete bool `json:"complete"`
	// VMs is the number of VMs listed.
	VMs int `json:"vms"`
	// Services is the number of services the host sent.
	Services int `json:"services"`
	// Changes is the number of change actions planned.
	Changes int `json:"changes"`
	// Charges is the number of changes carrying a charge.
	Charges int `json:"charges"`
	// Refunds is the number of changes carrying a refund.
	Refunds int `json:"refunds"`
	// Notifications is the number of notification actions planned.
	Notifications int `json:"notifications"`
	// Skipped is the number of services left alone: nothing was planned
	// for them, for one of the reasons in SkippedByReason.
	Skipped int `json:"skipped"`
	// SkippedByReason splits Skipped by reason; its counts add up to
	// Skipped. Absent when nothing was skipped.
	SkippedByReason SkipCounts `json:"skipped_by_reason,omitzero"`
	// Error says why the listing was incomplete, without secrets.
	Error string `json:"error,omitempty"`
}

// Reasons a sync leaves a service alone: the keys of
// SyncSummary.SkippedByReason. The administrator can fix those marked so,
// and a run that skips any of them lists them in one services_skipped
// notification.
const (
	// SkipInstalling: VMmanager is installing an OS on the VM.
	SkipInstalling = "installing"
	// SkipNoTemplate: VMmanager lists the VM without a template it knows
	// (administrator).
	SkipNoTemplate = "no_template"
	// SkipServiceInvalid: the service, or its tariff, could not be read;
	// a service_invalid notification names the field (administrator).
	SkipServiceInvalid = "service_invalid"
	// SkipVMClaimedTwice: another service names the same VM
	// (administrator).
	SkipVMClaimedTwice = "vm_claimed_twice"
	// SkipVMMissing: VMmanager does not list the service's VM
	// (administrator).
	SkipVMMissing = "vm_missing"
	// SkipNoVM: an active or suspended service names no VM
	// (administrator).
	SkipNoVM = "no_vm"
	// SkipOutsidePeriod: the run's time is outside the service's paid
	// period; the run after the renewal plans it.
	SkipOutsidePeriod = "outside_period"
	// SkipInactive: the service is ordered or closed.
	SkipInactive = "inactive"
	// SkipDuplicate: the host sent the same service twice; the first copy
	// was planned.
	SkipDuplicate = "duplicate_service"
	// SkipListingIncomplete: the VM listing failed or was cut short, so
	// nothing was concluded.
	SkipListingIncomplete = "listing_incomplete"
)

// ServicesParams asks the host for one page of a connection's services.
type ServicesParams struct {
	// Connection is the VMmanager connection whose services are wanted.
	Connection string `json:"connection"`
	// Cursor is the NextCursor of the previous page; empty for the first.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the most services the page may hold.
	Limit int `json:"limit"`
}

// ServicesResult is one page of services with the tariffs they reference.
type ServicesResult struct {
	// Services are the page's services, in the host's stable order.
	Services []Service `json:"services"`
	// Tariffs are the tariffs the page's services reference, each once.
	Tariffs []Tariff `json:"tariffs"`
	// NextCursor is empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
	// Faults lists the services and tariffs of a received page that could
	// not be decoded, in page order. Decoding fills it; it is never sent.
	Faults []ItemFault `json:"-"`
}

// ProgressParams reports how far a run has come.
type ProgressParams struct {
	// RunID names the run.
	RunID string `json:"run_id"`
	// Phase is "services", "vms" or "plan".
	Phase string `json:"phase"`
	// Done is the number of items handled so far.
	Done int `json:"done"`
	// Total is the number expected, or 0 when not known yet.
	Total int `json:"total"`
}
