package rpc

import "time"

// ActionType says which payload an Action carries.
type ActionType string

// Action types.
const (
	ActionChange       ActionType = "change"
	ActionNotification ActionType = "notification"
	ActionOSValues     ActionType = "os_values"
)

// Action is one thing the host must apply, exactly once per key. Exactly one
// of the payloads is set, as Type says.
type Action struct {
	// Type says which payload is set.
	Type ActionType `json:"type"`
	// Change is set for ActionChange.
	Change *Change `json:"change,omitempty"`
	// Notification is set for ActionNotification.
	Notification *Notification `json:"notification,omitempty"`
	// OSValues is set for ActionOSValues.
	OSValues *OSValues `json:"os_values,omitempty"`
}

// Key returns the deterministic key of the action's payload.
func (a Action) Key() string {
	switch {
	case a.Change != nil:
		return a.Change.Key
	case a.Notification != nil:
		return a.Notification.Key
	case a.OSValues != nil:
		return a.OSValues.Key
	}
	return ""
}

// Change is an atomic change of one service: the host applies all of it in
// one transaction together with its key, or none of it.
type Change struct {
	// Key is deterministic for (service, from, to, template, billing
	// period, service revision); the host applies a key at most once. The
	// money it carries has a key of its own (Money.Key).
	Key string `json:"key"`
	// ServiceID is the service to change.
	ServiceID string `json:"service_id"`
	// Addon, when set, moves the service's add-on value.
	Addon *AddonChange `json:"addon,omitempty"`
	// Params are service parameters to set, such as the "Operating system"
	// parameter (under the name initialize gave, "ostempl" by default;
	// "os_template" in protocol 1), "vm_id" and "ip". Keys are sorted on
	// the wire.
	Params map[string]string `json:"params,omitempty"`
	// Charge, when set, is taken from the account.
	Charge *Money `json:"charge,omitempty"`
	// Refund, when set, is returned to the account.
	Refund *Money `json:"refund,omitempty"`
	// OnInsufficientFunds says what the host does when the account cannot
	// pay Charge. It is set whenever Charge is.
	OnInsufficientFunds *Fallback `json:"on_insufficient_funds,omitempty"`
	// DryRun marks a change planned by a dry run: shown, never applied.
	DryRun bool `json:"dry_run,omitempty"`
}

// AddonChange moves a service's add-on from one value to another.
type AddonChange struct {
	// From is the value the service has now; the host applies the change
	// only if it still does.
	From string `json:"from"`
	// To is the value after the change.
	To string `json:"to"`
}

// Money is a charge or refund.
type Money struct {
	// Key is the money's own idempotency key. The host takes money under a
	// key at most once: when a change arrives whose money key was already
	// taken, it applies the change without the money. A charge is keyed per
	// (service, value, billing period), so a client who flips back to a
	// value inside one period pays for it once.
	Key string `json:"key"`
	// Amount is positive and rounded to the currency's minor unit.
	Amount Amount `json:"amount"`
	// Currency is the account's ISO 4217 currency.
	Currency string `json:"currency"`
	// PeriodStart is the start of the billing period the money covers.
	PeriodStart time.Time `json:"period_start"`
	// PeriodEnd is the end (exclusive) of that period.
	PeriodEnd time.Time `json:"period_end"`
	// Description is a line for the client's statement.
	Description string `json:"description"`
	// Explain shows how the amount was reached.
	Explain *Explanation `json:"explain,omitempty"`
	// ClientNotice tells the client why the money moved. The host records
	// it, under its own key, in the transaction that takes the money, and
	// only then: never when the money is not taken (already taken under
	// the key, insufficient funds, a stale or dry-run change).
	ClientNotice *Notification `json:"client_notice,omitempty"`
}

// Explanation shows how a charge or refund was computed, so that a dry run
// or an auditor can check it by hand.
type Explanation struct {
	// Template is the installed or chosen OS template.
	Template string `json:"template"`
	// Value is the add-on value the template maps to.
	Value string `json:"value"`
	// MatchedBy is "exact", "alias" or "default".
	MatchedBy string `json:"matched_by"`
	// OldPrice is the period price of the value the service had.
	OldPrice Amount `json:"old_price"`
	// NewPrice is the period price of the new value.
	NewPrice Amount `json:"new_price"`
	// PeriodDays is the number of days in the billing period.
	PeriodDays int `json:"period_days"`
	// NewPeriodDays, for a move to another period length, are the days of
	// a period of the new length from the period's start.
	NewPeriodDays int `json:"new_period_days,omitempty"`
	// RemainingDays counts the days left, the current day included.
	RemainingDays int `json:"remaining_days"`
	// Proration is "daily" or "full_period".
	Proration string `json:"proration"`
	// Unrounded is the exact amount before rounding.
	Unrounded string `json:"unrounded"`
	// Rounding names the rule applied, such as "half_up to 2 places".
	Rounding string `json:"rounding"`
}

// Insufficient-funds policies: the values of Fallback.Policy.
const (
	// PolicyNotifyAdmin: leave the add-on unchanged, notify, retry on the
	// next run.
	PolicyNotifyAdmin = "notify_admin"
	// PolicyAllowDebt: apply the change anyway.
	PolicyAllowDebt = "allow_debt"
)

// Fallback is what the host does when a charge cannot be paid.
type Fallback struct {
	// Policy is PolicyNotifyAdmin (leave the add-on unchanged, notify,
	// retry on the next run) or PolicyAllowDebt (apply the change anyway).
	Policy string `json:"policy"`
	// Notification is recorded under its own key in the same transaction
	// when Policy is "notify_admin".
	Notification *Notification `json:"notification,omitempty"`
}

// Notification kinds.
const (
	NoticeInsufficientFunds    = "insufficient_funds"
	NoticeUnmappedCommercial   = "unmapped_commercial_template"
	NoticeNearMiss             = "near_miss_value"
	NoticeOrphanVM             = "orphan_vm"
	NoticeVMMissing            = "vm_missing"
	NoticeVMmanagerUnreachable = "vmmanager_unreachable"
	NoticePriceMissing         = "price_missing"
	NoticeVMClaimedTwice       = "vm_claimed_twice"
	// NoticeServiceInvalid: a service of a billing/services page, or its
	// tariff, could not be read; Field names the field.
	NoticeServiceInvalid = "service_invalid"
	// NoticeServicesSkipped: one per run, listing the services left alone
	// for reasons the administrator can fix.
	NoticeServicesSkipped = "services_skipped"
	// NoticeAddonCharged: to the client, with a charge: why money was
	// taken.
	NoticeAddonCharged = "addon_charged"
	// NoticeAddonRefunded: to the client, with a refund.
	NoticeAddonRefunded = "addon_refunded"
)

// Notification audiences.
const (
	AudienceAdmin  = "admin"
	AudienceClient = "client"
)

// Notification is a message for the administrator or the client.
type Notification struct {
	// Key is deterministic for (kind, service or VM, value, period); the
	// host records a key at most once.
	Key string `json:"key"`
	// Kind is one of the Notice constants.
	Kind string `json:"kind"`
	// Audience is "admin" or "client".
	Audience string `json:"audience"`
	// ServiceID is the service concerned, if any.
	ServiceID string `json:"service_id,omitempty"`
	// VMID is the VM concerned, if any.
	VMID string `json:"vm_id,omitempty"`
	// Connection is the VMmanager connection concerned, if any.
	Connection string `json:"connection,omitempty"`
	// Template is the OS template concerned, if any.
	Template string `json:"template,omitempty"`
	// Value is the add-on value concerned, if any.
	Value string `json:"value,omitempty"`
	// Field is the wire path of the field at fault, if any, such as
	// "services[3].account.balance" in the page that carried it.
	Field string `json:"field,omitempty"`
	// Message is the text for people.
	Message string `json:"message"`
}

// OSValues is VMmanager's template list, for the host's "Operating system"
// parameter values, as BILLmanager keeps that list in sync.
type OSValues struct {
	// Key is deterministic for the connection and the list's content.
	Key string `json:"key"`
	// Connection is the VMmanager connection the list comes from.
	Connection string `json:"connection"`
	// Values are the templates, sorted by internal name.
	Values []OSValue `json:"values"`
}

// OSValue is one template offered as an "Operating system" value.
type OSValue struct {
	// InternalName is the template's internal name, as the add-on's
	// enumeration values must spell it.
	InternalName string `json:"internal_name"`
	// Name is the template's display name.
	Name string `json:"name,omitempty"`
}
