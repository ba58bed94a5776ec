package mapping

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"osaddon/plugin/catalog"
)

// FindingKind names a kind of mapping problem.
type FindingKind string

// The kinds of finding, each a way to lose revenue silently.
const (
	// KindCommercialDefault: a template that looks commercial maps to the
	// default value, so it is given away.
	KindCommercialDefault FindingKind = "commercial_template_maps_to_default"
	// KindNearMiss: a value and a template differ only in case or in
	// hyphens, spaces and underscores, so the seed's exact match misses.
	KindNearMiss FindingKind = "near_miss"
	// KindAliasUnknownValue: an alias points at a value the add-on lacks.
	KindAliasUnknownValue FindingKind = "alias_to_unknown_value"
)

// Finding is one lint result.
type Finding struct {
	Kind     FindingKind
	Template string
	Value    string
	Message  string
}

// Lint checks how templates map to the add-on's values and returns its
// findings sorted by kind, template and value. It enforces the seed's
// "Make sure that the internal name of the enumeration matches the
// internal name of the corresponding OS template."
func (m *Mapper) Lint(addon catalog.Addon, templates []string) []Finding {
	templates = slices.Compact(slices.Sorted(slices.Values(templates)))
	var findings []Finding
	for _, template := range templates {
		result := m.Map(addon, template)
		if result.Match == MatchDefault && m.IsCommercial(template) {
			findings = append(findings, Finding{
				Kind: KindCommercialDefault, Template: template, Value: result.Value,
				Message: fmt.Sprintf("template %q looks commercial but maps to the default value %q", template, result.Value),
			})
		}
		for _, v := range addon.Values {
			if v.InternalName != template && result.Value != v.InternalName && fold(v.InternalName) == fold(template) {
				findings = append(findings, Finding{
					Kind: KindNearMiss, Template: template, Value: v.InternalName,
					Message: fmt.Sprintf("value %q nearly matches template %q; internal names must match exactly", v.InternalName, template),
				})
			}
		}
	}
	for _, template := range slices.Sorted(maps.Keys(m.aliases)) {
		value := m.aliases[template]
		if _, ok := addon.Value(value); !ok {
			findings = append(findings, Finding{
				Kind: KindAliasUnknownValue, Template: template, Value: value,
				Message: fmt.Sprintf("alias of template %q points at %q, which add-on %q does not list", template, value, addon.InternalName),
			})
		}
	}
	slices.SortFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Template, b.Template), cmp.Compare(a.Value, b.Value))
	})
	return findings
}

// fold lower-cases a name and drops hyphens, spaces and underscores.
func fold(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '_':
			return -1
		}
		return r
	}, strings.ToLower(name))
}
