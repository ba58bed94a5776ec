package vmfake

import (
	"errors"
	"strings"
)

// where is a parsed VMmanager 6 filter: field EQ value conditions joined
// by AND, such as ((consul_id EQ '70007') AND (name EQ 'host_stop')). It is
// the subset public clients send.
type where map[string]string

// parseWhere parses a filter; an empty one matches everything.
func parseWhere(s string) (where, error) {
	w := where{}
	s = strings.TrimSpace(s)
	if s == "" {
		return w, nil
	}
	for _, cond := range strings.Split(s, " AND ") {
		cond = strings.Trim(strings.TrimSpace(cond), "()")
		field, value, ok := strings.Cut(cond, " EQ ")
		if !ok {
			return nil, errors.New("only field EQ value conditions joined by AND are understood")
		}
		w[strings.TrimSpace(field)] = strings.Trim(strings.TrimSpace(value), "'")
	}
	return w, nil
}

// match reports whether every condition holds on fields.
func (w where) match(fields map[string]string) bool {
	for k, v := range w {
		if fields[k] != v {
			return false
		}
	}
	return true
}
