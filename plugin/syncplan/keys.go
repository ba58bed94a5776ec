package syncplan

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"

	"osaddon/plugin/chargekey"
	"osaddon/plugin/pricing"
	"osaddon/rpc"
)

// unreachableWindow is the span one vmmanager_unreachable notification
// covers: the cron runs every 4 hours, so the administrator hears about a
// dead panel once per scheduled run, however many retries fall inside it.
const unreachableWindow = 4 * time.Hour

// joinKey builds a key of colon-separated parts, each escaped so that no
// id can forge a separator.
func joinKey(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteByte(':')
		b.WriteString(url.QueryEscape(p))
	}
	return b.String()
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// changeKey keys one transition of a service's record. The revision makes
// a transition repeated inside a period (after the host applied the one
// between) a new change; the same snapshot always gives the same key.
func changeKey(s Service, from, to, template string) string {
	return joinKey("change", s.ID, from, to, template, date(s.PeriodStart), "r"+strconv.FormatInt(s.Revision, 10))
}

// moneyKey is the key of a planned charge or refund: pricing's key per
// (service, value, period), and under the refund policy the revision too
// (see the package doc).
func moneyKey(policy pricing.Policy, s Service, key chargekey.Key) chargekey.Key {
	if policy.Downgrade == pricing.DowngradeRefund {
		return key + chargekey.Key(":r"+strconv.FormatInt(s.Revision, 10))
	}
	return key
}

// serviceNoticeKey keys a notification about a service per kind, value and
// billing period.
func serviceNoticeKey(kind string, s Service, value string) string {
	return string(chargekey.Notification(kind, chargekey.SubjectService, s.ID, value, s.PeriodStart))
}

// dailyNoticeKey keys a notification that reminds the administrator once
// a day while the finding persists: orphan and missing VMs, mapping lint.
func dailyNoticeKey(kind, connection string, asOf time.Time, ids ...string) string {
	return joinKey("notify", append([]string{kind, connection}, append(ids, date(asOf))...)...)
}

// unmappedKey keys the unmapped_commercial_template notification of a
// template on a connection once per billing period. The notice concerns
// the connection, not one service, so its period is the calendar month of
// the run's as-of date in UTC.
func unmappedKey(connection, template string, asOf time.Time) string {
	return joinKey("notify", rpc.NoticeUnmappedCommercial, connection, template, asOf.UTC().Format("2006-01"))
}

// unreachableKey keys the one vmmanager_unreachable notification per
// connection and 4-hour window of the run's as-of time.
func unreachableKey(connection string, asOf time.Time) string {
	return joinKey("notify", rpc.NoticeVMmanagerUnreachable, connection,
		asOf.UTC().Truncate(unreachableWindow).Format(time.RFC3339))
}

// osValuesKey keys the template list by connection and content.
func osValuesKey(connection string, values []rpc.OSValue) string {
	h := sha256.New()
	for _, v := range values {
		h.Write([]byte(v.InternalName))
		h.Write([]byte{0})
		h.Write([]byte(v.Name))
		h.Write([]byte{0})
	}
	return joinKey("os_values", connection, hex.EncodeToString(h.Sum(nil))[:16])
}

// OpenKey keys the change that records a new service's VM and add-on.
func OpenKey(serviceID string) string { return joinKey("open", serviceID) }

// RemapKey keys the add-on change a tariff or period change implies.
func RemapKey(serviceID, from, to, tariffID string, revision int64) string {
	return joinKey("remap", serviceID, from, to, tariffID, "r"+strconv.FormatInt(revision, 10))
}

// MoveKey keys the change a move to another tariff or period length
// implies, per service, both sides and revision.
func MoveKey(serviceID, fromTariff, toTariff string, fromMonths, toMonths int, revision int64) string {
	return joinKey("move", serviceID, fromTariff, strconv.Itoa(fromMonths), toTariff, strconv.Itoa(toMonths),
		"r"+strconv.FormatInt(revision, 10))
}
