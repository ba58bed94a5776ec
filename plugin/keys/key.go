package keys

import (
	"strconv"
	"strings"
	"time"
)

// Key is an idempotency key for one action.
type Key string

// String returns the key.
func (k Key) String() string { return string(k) }

// join builds a key: the kind, then each part escaped, after a colon.
func join(kind string, parts ...string) Key {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteByte(':')
		escape(&b, p)
	}
	return Key(b.String())
}

const hexDigits = "0123456789ABCDEF"

// escape writes s with every byte outside A-Z a-z 0-9 . _ ~ - as %XX.
func escape(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._~-", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
}

// date is a period start or a day in UTC, YYYY-MM-DD.
func date(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// revision is the part that carries a service's revision.
func revision(r int64) string { return "r" + strconv.FormatInt(r, 10) }
