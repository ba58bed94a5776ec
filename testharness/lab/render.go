package lab

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

const stamp = "2006-01-02 15:04"

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people: the timeline, with runs of
// quiet syncs folded into one line, the final ledger and notifications,
// and the verdict. A run that could not finish shows the steps it did, if
// any, and FAIL with the reason: it has no final state to show.
func (r *Report) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "Scenario %s", r.Scenario)
	if r.Description != "" {
		fmt.Fprintf(b, ": %s", r.Description)
	}
	b.WriteString("\n")
	if len(r.Steps) > 0 || r.Finished() {
		r.writeTimeline(b)
	}
	if !r.Finished() {
		fmt.Fprintf(b, "\nFAIL: the run could not finish: %s\n", r.Error)
		_, err := io.WriteString(w, b.String())
		return err
	}
	r.writeFinalState(b)
	b.WriteString("\n")
	if r.Passed() {
		b.WriteString("PASS: every expectation holds.\n")
	} else {
		b.WriteString("FAIL: expectations that do not hold:\n")
		for _, f := range r.Failures {
			fmt.Fprintf(b, "  - %s\n", f)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTimeline writes the steps, with runs of quiet syncs folded.
func (r *Report) writeTimeline(b *strings.Builder) {
	b.WriteString("\nTimeline\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tSTEP\tSERVICE\tFROM → TO\tAMOUNT\tRESULT")
	var quiet []Step
	flush := func() {
		switch len(quiet) {
		case 0:
		case 1:
			fmt.Fprintf(tw, "%s\t%s\t\t\t\tnothing to do\n", quiet[0].At.Format(stamp), quiet[0].Kind)
		default:
			fmt.Fprintf(tw, "%s … %s\tsync ×%d\t\t\t\tnothing to do\n",
				quiet[0].At.Format(stamp), quiet[len(quiet)-1].At.Format(stamp), len(quiet))
		}
		quiet = quiet[:0]
	}
	for _, s := range r.Steps {
		if s.Kind == "sync" && s.Error == "" && !eventful(s) {
			quiet = append(quiet, s)
			continue
		}
		flush()
		writeStep(tw, s)
	}
	flush()
	tw.Flush()
}

// writeFinalState writes the final ledger, notifications and balances.
func (r *Report) writeFinalState(b *strings.Builder) {
	b.WriteString("\nLedger\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tSERVICE\tKIND\tAMOUNT\tDESCRIPTION")
	for _, e := range r.Ledger {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%s\n", e.At.Format(stamp), e.Service, e.Kind, e.Amount, e.Currency, e.What)
	}
	if len(r.Ledger) == 0 {
		fmt.Fprintln(tw, "(empty)")
	}
	tw.Flush()

	b.WriteString("\nNotifications\n")
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tTO\tKIND\tABOUT\tMESSAGE")
	for _, n := range r.Notifications {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.At.Format(stamp), n.Audience, n.Kind, orDefault(n.Service, n.VM), n.Message)
	}
	if len(r.Notifications) == 0 {
		fmt.Fprintln(tw, "(none)")
	}
	tw.Flush()

	b.WriteString("\nBalances\n")
	for _, id := range sortedKeys(r.Balances) {
		fmt.Fprintf(b, "  %s  %s\n", id, r.Balances[id])
	}
	if len(r.Balances) == 0 {
		b.WriteString("  (no accounts)\n")
	}
}

// eventful reports whether a sync step did anything worth a line.
func eventful(s Step) bool {
	if s.Summary != nil && !s.Summary.Complete {
		return true
	}
	for _, r := range s.Rows {
		switch r.Result {
		case "duplicate", "planned":
		default:
			if r.Kind != "os_values" {
				return true
			}
		}
	}
	return false
}

func writeStep(tw io.Writer, s Step) {
	var visible []Row
	for _, r := range s.Rows {
		if r.Kind != "os_values" && r.Result != "duplicate" {
			visible = append(visible, r)
		}
	}
	msg := s.Note
	if s.Summary != nil && !s.Summary.Complete {
		msg = strings.TrimSpace(msg + " listing incomplete: " + s.Summary.Error)
	}
	if s.Error != "" {
		msg = strings.TrimSpace(msg + " — " + s.Error)
	}
	at := s.At.Format(stamp)
	if msg != "" || len(visible) == 0 {
		// The message trails the last tab, so it widens no column.
		fmt.Fprintf(tw, "%s\t%s\t\t\t\t%s\n", at, s.Kind, msg)
		at = ""
	}
	for _, r := range visible {
		move := r.To
		if r.From != "" {
			move = r.From + " → " + r.To
		}
		amount := strings.TrimSpace(r.Amount + " " + r.Currency)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", at, s.Kind, r.Service, move, amount, r.Result)
		at = ""
	}
}
