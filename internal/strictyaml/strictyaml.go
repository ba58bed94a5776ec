// Package strictyaml decodes the project's YAML documents the one way they
// are all decoded: an unknown key is an error that gives its line, so a
// typo never falls back silently to a default.
package strictyaml

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// Decode decodes the first YAML document in data into v, refusing unknown
// keys. Keys absent from data leave v's fields as they were, so callers set
// defaults first. An empty document returns io.EOF.
func Decode(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}
