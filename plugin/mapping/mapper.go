package mapping

import (
	"maps"
	"regexp"
	"slices"

	"osaddon/plugin/catalog"
)

// Match says how a template found its value.
type Match string

// How a template maps.
const (
	// MatchExact: a value has exactly the template's internal name.
	MatchExact Match = "exact"
	// MatchAlias: the config aliases the template to a value of the add-on.
	MatchAlias Match = "alias"
	// MatchDefault: nothing matched; the add-on's default value applies.
	MatchDefault Match = "default"
)

// Result is the value a template maps to, and how.
type Result struct {
	Template string
	Value    string
	Match    Match
}

// Mapper maps templates to values under a validated Config.
type Mapper struct {
	aliases    map[string]string
	commercial []*regexp.Regexp
	free       map[string]bool
}

// New validates cfg and compiles its patterns.
func New(cfg Config) (*Mapper, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	commercial, err := compilePatterns(cfg.CommercialPatterns)
	if err != nil {
		return nil, err
	}
	free := make(map[string]bool, len(cfg.FreeTemplates))
	for _, template := range cfg.FreeTemplates {
		free[template] = true
	}
	return &Mapper{aliases: maps.Clone(cfg.Aliases), commercial: commercial, free: free}, nil
}

// Map returns the value for an installed or chosen template.
//
// Seed: "If the client selects the OS which internal name matches the
// internal name of the enumeration value, the price of the selected
// operating system will be added to the order price." The comparison is
// exact and case-sensitive.
//
// Seed: "If the client selects an operating system which is not present
// in the list of possible values for the "Operating system", the default
// value will be applied."
//
// Between the two, an alias from the config maps several templates to
// one licence. An alias to a value the add-on lacks is ignored (Lint
// reports it). Callers must not map a template they do not know, such as
// a VM still installing: unknown is not free.
func (m *Mapper) Map(addon catalog.Addon, template string) Result {
	if _, ok := addon.Value(template); ok && template != "" {
		return Result{Template: template, Value: template, Match: MatchExact}
	}
	if value, ok := m.aliases[template]; ok {
		if _, ok := addon.Value(value); ok {
			return Result{Template: template, Value: value, Match: MatchAlias}
		}
	}
	return Result{Template: template, Value: addon.Default, Match: MatchDefault}
}

// IsCommercial reports whether a template matches a commercial pattern and
// is not among the templates free on purpose.
func (m *Mapper) IsCommercial(template string) bool {
	return !m.free[template] && slices.ContainsFunc(m.commercial, func(re *regexp.Regexp) bool { return re.MatchString(template) })
}
