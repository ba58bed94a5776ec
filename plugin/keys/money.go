package keys

import (
	"strconv"
	"time"
)

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

// WithRevision adds a service's revision to a money key, as the refund
// policy needs: each transition's money is then its own.
func WithRevision(k Key, rev int64) Key { return k + ":" + Key(revision(rev)) }

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
func Move(kind, serviceID string, from, to Plan, periodStart time.Time, rev int64) Key {
	return join("move-"+kind, moveParts(serviceID, from, to, periodStart, rev)...)
}

func moveParts(serviceID string, from, to Plan, periodStart time.Time, rev int64) []string {
	parts := append([]string{serviceID}, from.parts()...)
	parts = append(parts, to.parts()...)
	return append(parts, date(periodStart), revision(rev))
}
