package pricing

import (
	"errors"

	"osaddon/plugin/catalog"
)

// Sentinel errors; callers match them with errors.Is. Input errors are
// wrapped in a *catalog.FieldError that names the field.
var (
	// ErrPolicy reports a malformed or contradictory policy.
	ErrPolicy = errors.New("pricing: invalid policy")
	// ErrOutsidePeriod reports a change dated outside the service's paid
	// period.
	ErrOutsidePeriod = errors.New("pricing: change outside the paid period")
	// ErrCores reports a per-core value priced for a VPS with no known
	// core count.
	ErrCores = errors.New("pricing: core count unknown")
	// ErrTariffMismatch reports a service priced with another tariff.
	ErrTariffMismatch = errors.New("pricing: tariff does not match the service")
)

func fieldError(field string, err error, format string, args ...any) error {
	return catalog.NewFieldError("pricing", field, err, format, args...)
}
