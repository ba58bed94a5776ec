package catalog

import (
	"fmt"
	"slices"
)

// BillingType is how an add-on is billed.
type BillingType string

// BillingOrder is "Based on order", the only type the seed configures for
// the OS add-on: "Billing type — Based on order."
const BillingOrder BillingType = "order"

// Addon is the tariff's "Operating system" add-on.
type Addon struct {
	// InternalName matches the product type's "Operating system" parameter
	// (seed: "the internal name which must match the internal name of the
	// Operating system parameter"), for example "ostempl".
	InternalName string
	BillingType  BillingType
	// Default is the internal name of the value applied when a template
	// matches no value, usually "Free OS" at zero.
	Default string
	Values  []Value
}

// Value returns the value with exactly this internal name.
func (a Addon) Value(internalName string) (Value, bool) {
	i := slices.IndexFunc(a.Values, func(v Value) bool { return v.InternalName == internalName })
	if i < 0 {
		return Value{}, false
	}
	return a.Values[i], true
}

func (a Addon) validate(tariffField string, periods []int) error {
	if a.InternalName == "" {
		return fieldError(tariffField+": addon internal name", ErrEmpty, "empty")
	}
	field := fmt.Sprintf("%s: addon %q", tariffField, a.InternalName)
	if a.BillingType != BillingOrder {
		return fieldError(field+": billing type", ErrBillingType, "%q, want %q", a.BillingType, BillingOrder)
	}
	if len(a.Values) == 0 {
		return fieldError(field+": values", ErrEmpty, "no value")
	}
	for i, v := range a.Values {
		if v.InternalName == "" {
			return fieldError(fmt.Sprintf("%s: values[%d]: internal name", field, i), ErrEmpty, "empty")
		}
		if slices.ContainsFunc(a.Values[:i], func(o Value) bool { return o.InternalName == v.InternalName }) {
			return fieldError(fmt.Sprintf("%s: value %q", field, v.InternalName), ErrDuplicate, "listed twice")
		}
		if err := v.validate(field, periods); err != nil {
			return err
		}
	}
	if a.Default == "" {
		return fieldError(field+": default value", ErrEmpty, "empty")
	}
	if _, ok := a.Value(a.Default); !ok {
		return fieldError(field+": default value", ErrUnknownValue, "%q is not among the values", a.Default)
	}
	return nil
}
