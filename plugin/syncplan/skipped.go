package syncplan

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"osaddon/plugin/keys"
)

// adminFixable are the reasons for leaving a service alone that the
// administrator can fix; the others pass on their own (an install ends,
// the host renews the period) or are not faults.
var adminFixable = []Outcome{
	SkipServiceInvalid, SkipNoTemplate, SkipVMClaimedTwice, SkipVMMissing, SkipNoVM,
}

// maxListedPerReason bounds the services named per reason in the
// services_skipped message; the count says how many more there are.
const maxListedPerReason = 20

// listSkipped plans the one services_skipped notification of the run:
// every service left alone for a reason the administrator can fix, by
// reason. Its key carries the day and the listing's content, so the host
// records a listing once a day, and a listing that changed at once.
func (p *Planner) listSkipped() {
	byReason := map[Outcome][]string{}
	for _, s := range p.skips {
		if !slices.Contains(adminFixable, s.reason) {
			continue
		}
		name := cmp.Or(s.serviceID, "(no id)")
		if s.vmID != "" {
			name += " (VM " + s.vmID + ")"
		}
		byReason[s.reason] = append(byReason[s.reason], name)
	}
	if len(byReason) == 0 {
		return
	}
	var parts []string
	total := 0
	h := sha256.New()
	for _, reason := range adminFixable {
		names := byReason[reason]
		if len(names) == 0 {
			continue
		}
		slices.Sort(names)
		names = slices.Compact(names)
		total += len(names)
		fmt.Fprintf(h, "%s\x00%s\x00", reason, strings.Join(names, "\x00"))
		part := string(reason) + ": " + strings.Join(names[:min(len(names), maxListedPerReason)], ", ")
		if more := len(names) - maxListedPerReason; more > 0 {
			part += fmt.Sprintf(" and %d more", more)
		}
		parts = append(parts, part)
	}
	what := fmt.Sprintf("%d services of %s were", total, p.rules.Connection)
	if total == 1 {
		what = fmt.Sprintf("1 service of %s was", p.rules.Connection)
	}
	key := string(keys.Daily(string(NoticeServicesSkipped), p.rules.Connection, p.rules.AsOf, hex.EncodeToString(h.Sum(nil))[:16]))
	p.notify(NoticeServicesSkipped, "", "", "", key,
		fmt.Sprintf("%s left alone for reasons the administrator can fix: %s", what, strings.Join(parts, "; ")))
}
