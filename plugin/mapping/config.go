package mapping

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"

	"osaddon/internal/strictyaml"
)

// Config is the mapping part of the module's YAML config.
type Config struct {
	// Aliases map a template to a value when several templates are one
	// licence, e.g. Windows-2019-amd64 and Windows-2019-ru-amd64 to
	// win2019. An exact match of template and value still wins.
	Aliases map[string]string `yaml:"aliases"`
	// CommercialPatterns are regular expressions, matched case-insensitively
	// against template names, that mark a template as commercial for Lint.
	// Left out, DefaultCommercialPatterns apply; an empty list turns the
	// check off.
	CommercialPatterns []string `yaml:"commercial_patterns"`
	// FreeTemplates are templates given away on purpose, such as trial
	// Windows (seed: "usually virtual machines come installed with free
	// Linux or trial Windows"). Matched exactly, they map as any template
	// does but are never reported as commercial templates given away.
	FreeTemplates []string `yaml:"free_templates"`
}

// DefaultCommercialPatterns mark templates of licensed systems: Windows,
// Red Hat Enterprise Linux, SUSE Linux Enterprise, CloudLinux, and the
// Plesk and cPanel panels whose templates carry a paid licence. They only
// feed Lint; they never decide a price.
var DefaultCommercialPatterns = []string{
	`windows`,
	`rhel`,
	`red[ _-]?hat`,
	`sles`,
	`suse[ _-]?(linux[ _-]?)?enterprise`,
	`cloudlinux`,
	`plesk`,
	`cpanel`,
}

// DefaultConfig has no aliases and the default commercial patterns.
func DefaultConfig() Config {
	return Config{CommercialPatterns: slices.Clone(DefaultCommercialPatterns)}
}

// ParseConfig reads a YAML document strictly (unknown keys are errors),
// starting from DefaultConfig, and validates it.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	if err := strictyaml.Decode(data, &cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	return cfg, cfg.Validate()
}

// Validate checks every alias and pattern, in a stable order.
func (c Config) Validate() error {
	for _, template := range slices.Sorted(maps.Keys(c.Aliases)) {
		if template == "" {
			return fieldError("aliases", ErrEmptyName, "empty template name")
		}
		if c.Aliases[template] == "" {
			return fieldError(fmt.Sprintf("aliases: %q", template), ErrEmptyName, "empty value name")
		}
	}
	for i, template := range c.FreeTemplates {
		field := fmt.Sprintf("free_templates[%d]", i)
		if template == "" {
			return fieldError(field, ErrEmptyName, "empty template name")
		}
		if slices.Contains(c.FreeTemplates[:i], template) {
			return fieldError(field, ErrDuplicate, "%q is listed twice", template)
		}
	}
	_, err := compilePatterns(c.CommercialPatterns)
	return err
}

func compilePatterns(patterns []string) ([]*regexp.Regexp, error) {
	compiled := make([]*regexp.Regexp, 0, len(patterns))
	for i, p := range patterns {
		field := fmt.Sprintf("commercial_patterns[%d]", i)
		if p == "" {
			return nil, fieldError(field, ErrPattern, "empty")
		}
		re, err := regexp.Compile("(?i)" + p)
		if err != nil {
			return nil, fieldError(field, ErrPattern, "%q: %v", p, err)
		}
		compiled = append(compiled, re)
	}
	return compiled, nil
}
