package mapping

import (
	"errors"

	"osaddon/plugin/catalog"
)

// Sentinel errors; callers match them with errors.Is. Config errors are
// wrapped in a *catalog.FieldError that names the field.
var (
	// ErrConfig reports a malformed config document.
	ErrConfig = errors.New("mapping: invalid config")
	// ErrEmptyName reports an empty template or value name in an alias.
	ErrEmptyName = errors.New("mapping: empty name")
	// ErrDuplicate reports a template listed twice in free_templates.
	ErrDuplicate = errors.New("mapping: duplicate")
	// ErrPattern reports a commercial pattern that is empty or does not
	// compile.
	ErrPattern = errors.New("mapping: invalid pattern")
)

func fieldError(field string, err error, format string, args ...any) error {
	return catalog.NewFieldError("mapping", field, err, format, args...)
}
