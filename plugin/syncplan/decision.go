package syncplan

import (
	"time"

	"osaddon/plugin/mapping"
	"osaddon/plugin/money"
	"osaddon/plugin/pricing"
)

// DecisionType says which payload a Decision carries; plans list them in
// this order.
type DecisionType int

// The decision types.
const (
	DecideChange DecisionType = iota
	DecideNotice
	DecideOSValues
)

// Decision is one thing a plan decided, for the host to apply exactly once
// per key. Exactly one payload is set, as Type says. plugin/module turns
// decisions into wire actions.
type Decision struct {
	Type         DecisionType
	Change       *Change
	Notification *Notice
	OSValues     *OSValues
}

// Key returns the key of the decision's payload.
func (d Decision) Key() string {
	switch {
	case d.Change != nil:
		return d.Change.Key
	case d.Notification != nil:
		return d.Notification.Key
	case d.OSValues != nil:
		return d.OSValues.Key
	}
	return ""
}

// Change is a change of one service's record, with the money it moves.
type Change struct {
	Key       string
	ServiceID string
	// Addon, when set, moves the add-on value.
	Addon *AddonChange
	// Params are service parameters to set.
	Params map[string]string
	// Charge and Refund are the money, when any moves.
	Charge, Refund *Money
	// OnInsufficientFunds is set whenever Charge is.
	OnInsufficientFunds *Fallback
	DryRun              bool
}

// AddonChange moves a service's add-on from one value to another.
type AddonChange struct{ From, To string }

// Money is a charge or refund, rounded, with its reasons.
type Money struct {
	Key                    string
	Amount                 money.Money
	PeriodStart, PeriodEnd time.Time
	// Description is the line for the client's statement.
	Description string
	// Explain is how the amount was reached and how the value matched.
	Explain   pricing.Explanation
	MatchedBy mapping.Match
	// ClientNotice tells the client why the money moved.
	ClientNotice *Notice
}

// Fallback is what the host does when a charge cannot be paid: the policy,
// and under notify_admin the notice it records.
type Fallback struct {
	Policy       pricing.InsufficientFunds
	Notification *Notice
}

// Audience is who a notice is for.
type Audience int

// The audiences.
const (
	AudienceAdmin Audience = iota
	AudienceClient
)

// Notice is a message for the administrator or the client.
type Notice struct {
	Key      string
	Kind     NoticeKind
	Audience Audience
	// ServiceID, VMID, Connection, Template and Value are what it is
	// about, when set; Field is the wire path of a field at fault.
	ServiceID, VMID, Connection, Template, Value, Field string
	Message                                             string
}

// OSValues is a connection's template list, by internal name, sorted.
type OSValues struct {
	Key, Connection string
	Values          []string
}

// Summary counts what a run saw and planned.
type Summary struct {
	Connection string
	// Complete is false when the listing failed; Error says why.
	Complete                                                         bool
	Error                                                            string
	VMs, Services, Changes, Charges, Refunds, Notifications, Skipped int
	// SkippedByReason splits Skipped by reason.
	SkippedByReason map[Outcome]int
}
