package keys

import "time"

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

// MoveNotification keys a notification about a move, such as insufficient
// funds, per (kind, service, from, to, period start, revision).
func MoveNotification(kind, serviceID string, from, to Plan, periodStart time.Time, rev int64) Key {
	return join("notify", append([]string{kind, "move"}, moveParts(serviceID, from, to, periodStart, rev)...)...)
}

// Daily keys a notification that reminds the administrator once a day
// while the finding persists: orphan and missing VMs, mapping lint,
// invalid and skipped services.
func Daily(kind, connection string, asOf time.Time, ids ...string) Key {
	parts := append([]string{kind, connection}, ids...)
	return join("notify", append(parts, date(asOf))...)
}

// Monthly keys a notification about a template on a connection once per
// calendar month of asOf in UTC, such as unmapped_commercial_template: it
// concerns the connection, not one service's period.
func Monthly(kind, connection, template string, asOf time.Time) Key {
	return join("notify", kind, connection, template, asOf.UTC().Format("2006-01"))
}

// Window is the span one WindowNotice key covers: the cron runs every 4
// hours, so the administrator hears about a dead panel once per scheduled
// run, however many retries fall inside it.
const Window = 4 * time.Hour

// WindowNotice keys a notification about a connection once per 4-hour
// window of asOf, such as vmmanager_unreachable.
func WindowNotice(kind, connection string, asOf time.Time) Key {
	return join("notify", kind, connection, asOf.UTC().Truncate(Window).Format(time.RFC3339))
}

// ClientNotice keys the client's notice of the money under moneyKey: one
// per money key, so the client hears once each time money moves.
func ClientNotice(kind string, moneyKey Key) Key {
	return join("notify", kind, string(moneyKey))
}
