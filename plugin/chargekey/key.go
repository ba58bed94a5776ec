package chargekey

import (
	"strconv"
	"strings"
	"time"
)

// Key is an idempotency key for one action.
type Key string

// String returns the key.
func (k Key) String() string { return string(k) }

// Charge keys the charge for an add-on value in a billing period: one per
// (service, value, period start). A client who flips
// Linux→Windows→Linux→Windows inside one period gets the same key for
// both Windows charges, so pays once.
func Charge(serviceID, value string, periodStart time.Time) Key {
	return join("charge", serviceID, value, date(periodStart))
}

// Refund keys a refund of an add-on value in a billing period, one per
// (service, value, period start), like Charge.
func Refund(serviceID, value string, periodStart time.Time) Key {
	return join("refund", serviceID, value, date(periodStart))
}

// Subject is what a notification is about.
type Subject string

// The notification subjects.
const (
	SubjectService Subject = "svc"
	SubjectVM      Subject = "vm"
)

// Notification keys a notification per (kind, subject, value, period), so
// the administrator hears once about, say, insufficient funds for one
// service, value and period however many runs retry.
func Notification(kind string, subject Subject, id, value string, periodStart time.Time) Key {
	return join("notify", kind, string(subject), id, value, date(periodStart))
}

func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func join(kind string, parts ...string) Key {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteByte(':')
		escape(&b, p)
	}
	return Key(b.String())
}

const hex = "0123456789ABCDEF"

func escape(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._~-", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// The kinds of money a move keys.
const (
	KindCharge = "charge"
	KindRefund = "refund"
)

// Plan is one side of a service's move: tariff, period length and add-on
// value.
type Plan struct {
	Tariff string
	Months int
	Value  string
}

func (p Plan) parts() []string {
	return []string{p.Tariff, strconv.Itoa(p.Months), p.Value}
}

// Move keys the money of a move to another tariff or period length: one per
// (kind, service, from, to, period start, revision). It is a kind of its
// own: the value's charge key (Charge) may already hold the value's own
// charge this period. The revision makes a move repeated after the host
// applied another change a new one; the same snapshot gives the same key.
func Move(kind, serviceID string, from, to Plan, periodStart time.Time, revision int64) Key {
	return join("move-"+kind, moveParts(serviceID, from, to, periodStart, revision)...)
}

// MoveNotification keys a notification about a move, such as insufficient
// funds, per (kind, service, from, to, period start, revision).
func MoveNotification(kind, serviceID string, from, to Plan, periodStart time.Time, revision int64) Key {
	return join("notify", append([]string{kind, "move"}, moveParts(serviceID, from, to, periodStart, revision)...)...)
}

func moveParts(serviceID string, from, to Plan, periodStart time.Time, revision int64) []string {
	parts := append([]string{serviceID}, from.parts()...)
	parts = append(parts, to.parts()...)
	return append(parts, date(periodStart), "r"+strconv.FormatInt(revision, 10))
}
