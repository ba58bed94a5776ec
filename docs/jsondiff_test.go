package docs_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
)

// placeholder matches a documented placeholder: a JSON string such as
// "<vm id>", which stands for any value the module or panel assigns.
var placeholder = regexp.MustCompile(`^<[^<>]+>$`)

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// diff lists where got differs from want, by path; a placeholder in want
// matches any value.
func diff(want, got any, path string) []string {
	if s, ok := want.(string); ok && placeholder.MatchString(s) {
		return nil
	}
	name := path
	if name == "" {
		name = "(top)"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc has an object, the module %s", name, show(got))}
		}
		var out []string
		for _, k := range sortedKeys(w) {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s: the module sends no such field", join(path, k)))
				continue
			}
			out = append(out, diff(w[k], gv, join(path, k))...)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s: the module also sends %s", join(path, k), show(g[k])))
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the doc has a list, the module %s", name, show(got))}
		}
		var out []string
		for i := range max(len(w), len(g)) {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(g):
				out = append(out, fmt.Sprintf("%s: the module sends no such element", p))
			case i >= len(w):
				out = append(out, fmt.Sprintf("%s: the module also sends %s", p, show(g[i])))
			default:
				out = append(out, diff(w[i], g[i], p)...)
			}
		}
		return out
	default:
		if show(want) != show(got) {
			return []string{fmt.Sprintf("%s: the doc has %s, the module %s", name, show(want), show(got))}
		}
		return nil
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
