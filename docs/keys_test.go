package docs_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keyFormats reads the formats of the table under "### Keys": each
// backquoted text with a colon in its second column, as a pattern.
func keyFormats(t *testing.T) []*regexp.Regexp {
	t.Helper()
	data, err := os.ReadFile("PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "\n### Keys\n")
	section, _, _ = strings.Cut(section, "\n### ")
	code := regexp.MustCompile("`([^`]*:[^`]*)`")
	part := regexp.MustCompile(`<[^<>]*>`)
	var out []*regexp.Regexp
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[2], -1) {
			var re strings.Builder
			rest := m[1]
			for rest != "" {
				loc := part.FindStringIndex(rest)
				lit := rest
				if loc != nil {
					lit = rest[:loc[0]]
				}
				re.WriteString(strings.ReplaceAll(regexp.QuoteMeta(lit), "…", ".*"))
				if loc == nil {
					break
				}
				if strings.Contains(rest[loc[0]:loc[1]], "…") {
					re.WriteString(".*")
				} else {
					re.WriteString("[^:]*")
				}
				rest = rest[loc[1]:]
			}
			out = append(out, regexp.MustCompile("^"+re.String()+"$"))
		}
	}
	if len(out) == 0 {
		t.Fatal("PROTOCOL.md has no key formats under ### Keys")
	}
	return out
}

// checkKeyFormats fails for each key that matches no format of the doc.
func checkKeyFormats(t *testing.T, keys []string) {
	t.Helper()
	formats := keyFormats(t)
	for _, key := range keys {
		if !slices.ContainsFunc(formats, func(re *regexp.Regexp) bool { return re.MatchString(key) }) {
			t.Errorf("PROTOCOL.md: the module sent the key %q, which matches no format under ### Keys", key)
		}
	}
	if len(keys) == 0 {
		t.Error("the examples returned no key")
	}
}

// collectKeys appends every "key" string of v, at any depth.
func collectKeys(v any, keys []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "key" {
				keys = append(keys, s)
			}
			keys = collectKeys(x, keys)
		}
	case []any:
		for _, x := range v {
			keys = collectKeys(x, keys)
		}
	}
	return keys
}
