package chargekey

import (
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
