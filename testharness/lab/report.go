package lab

import (
	"time"

	"osaddon/rpc"
)

// Report is what a scenario run did and whether its expectations held.
type Report struct {
	Scenario    string `json:"scenario"`
	Description string `json:"description,omitempty"`
	// Steps are the events, syncs and renewals in time order.
	Steps []Step `json:"steps"`
	// Ledger, Notifications, Services and Balances are the final state.
	Ledger        []LedgerLine      `json:"ledger"`
	Notifications []NoticeLine      `json:"notifications"`
	Services      []ServiceLine     `json:"services"`
	Balances      map[string]string `json:"balances"`
	// Failures list the expectations that did not hold.
	Failures []string `json:"failures"`
	// Error says why the run could not finish (the module was lost, the
	// launch failed, ...); the final state was then not read or checked.
	Error string `json:"error,omitempty"`
}

// Passed reports whether the run finished and every expectation held.
func (r *Report) Passed() bool { return r.Error == "" && len(r.Failures) == 0 }

// Finished reports whether the run got to the end and read the final state.
func (r *Report) Finished() bool { return r.Error == "" }

// Step is one event, sync run or renewal.
type Step struct {
	At time.Time `json:"at"`
	// Kind is event, sync, dry-run or renewal.
	Kind string `json:"kind"`
	// Note describes an event.
	Note string `json:"note,omitempty"`
	// Rows are the actions planned and what became of them.
	Rows []Row `json:"rows,omitempty"`
	// Summary is a sync's summary from the module.
	Summary *rpc.SyncSummary `json:"summary,omitempty"`
	// Error says why the step failed or was skipped.
	Error string `json:"error,omitempty"`
}

// Row is one action and its outcome.
type Row struct {
	// Kind is change, notification, os_values or renewal.
	Kind    string `json:"kind"`
	Key     string `json:"key"`
	Service string `json:"service,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	// Amount is charged (positive) or refunded (negative), if any.
	Amount   string `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
	// Result is the ledger's outcome, such as applied or duplicate.
	Result string `json:"result"`
}

// LedgerLine is one charge or refund in the final ledger.
type LedgerLine struct {
	At       time.Time `json:"at"`
	Service  string    `json:"service"`
	Kind     string    `json:"kind"`
	Amount   string    `json:"amount"`
	Currency string    `json:"currency"`
	Key      string    `json:"key"`
	What     string    `json:"description"`
}

// NoticeLine is one notification in the final state.
type NoticeLine struct {
	At       time.Time `json:"at"`
	Kind     string    `json:"kind"`
	Audience string    `json:"audience"`
	Service  string    `json:"service,omitempty"`
	VM       string    `json:"vm,omitempty"`
	Message  string    `json:"message"`
	Key      string    `json:"key"`
}

// ServiceLine is one service's final state.
type ServiceLine struct {
	ID         string `json:"id"`
	AddonValue string `json:"addon_value"`
	OSTemplate string `json:"os_template"`
}
