package keys

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Change keys one transition of a service's record. The revision makes a
// transition repeated inside a period (after the host applied the one
// between) a new change; the same snapshot always gives the same key.
func Change(serviceID, from, to, template string, periodStart time.Time, rev int64) Key {
	return join("change", serviceID, from, to, template, date(periodStart), revision(rev))
}

// Open keys the change that records a new service's VM and add-on.
func Open(serviceID string) Key { return join("open", serviceID) }

// Remap keys the add-on change a tariff or period change implies.
func Remap(serviceID, from, to, tariffID string, rev int64) Key {
	return join("remap", serviceID, from, to, tariffID, revision(rev))
}

// MoveChange keys the change a move to another tariff or period length
// implies, per service, both sides and revision.
func MoveChange(serviceID, fromTariff, toTariff string, fromMonths, toMonths int, rev int64) Key {
	return join("move", serviceID, fromTariff, strconv.Itoa(fromMonths), toTariff, strconv.Itoa(toMonths), revision(rev))
}

// Template is one entry of a connection's template list.
type Template struct {
	InternalName, Name string
}

// OSValues keys a connection's template list by connection and content:
// the first 16 hex digits of the SHA-256 of each internal name and name,
// each followed by a zero byte.
func OSValues(connection string, list []Template) Key {
	h := sha256.New()
	for _, t := range list {
		h.Write([]byte(t.InternalName))
		h.Write([]byte{0})
		h.Write([]byte(t.Name))
		h.Write([]byte{0})
	}
	return join("os_values", connection, hex.EncodeToString(h.Sum(nil))[:16])
}
