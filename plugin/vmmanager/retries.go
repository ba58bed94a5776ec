package vmmanager

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Retries is a connection's retry count. In Go, the zero value means
// DefaultRetries and a negative value means none, so a Config built in code
// gets the default unless it says otherwise. In YAML, the number is the
// count itself (0 means none), and leaving the key out keeps the default.
type Retries int

// NoRetries is the Go value for "never retry".
const NoRetries Retries = -1

// UnmarshalYAML reads a count: 0 becomes NoRetries, a negative count is
// refused.
func (r *Retries) UnmarshalYAML(n *yaml.Node) error {
	var v int
	if err := n.Decode(&v); err != nil {
		return fmt.Errorf("line %d: retries: %q is not a whole number", n.Line, n.Value)
	}
	switch {
	case v < 0:
		return fmt.Errorf("line %d: retries: must not be negative, got %d (0 means none; leave the key out for the default %d)", n.Line, v, DefaultRetries)
	case v == 0:
		*r = NoRetries
	default:
		*r = Retries(v)
	}
	return nil
}
