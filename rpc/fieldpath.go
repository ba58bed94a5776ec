package rpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
)

// fieldFault finds the first field of raw that type t refuses and says
// why, in the terms of the wire: the field's dotted path with list indexes
// ("tariff.addon.values[1].prices[0].amount") and a reason that names JSON
// kinds, never Go types. With strict, a key t has no field for is refused
// too. It returns an empty message when it finds nothing to blame; the
// path is empty when raw as a whole is to blame at the top.
//
// encoding/json names neither the path of an unknown field, nor the field
// whose UnmarshalJSON failed, nor the list indexes on the way to a field
// of the wrong type, and its messages name Go types; hence this walk.
func fieldFault(raw []byte, t reflect.Type, path string, strict bool) (string, string) {
	for t.Kind() == reflect.Pointer {
		if string(raw) == "null" {
			return "", ""
		}
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		err := json.Unmarshal(raw, reflect.New(t).Interface())
		if err == nil {
			return "", ""
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if strings.Contains(msg, "UnmarshalJSON") { // the type's own wording names Go
			msg = fmt.Sprintf("expected %s, got JSON %s", describeType(t), jsonKind(raw))
		}
		return path, msg
	}
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	var err error
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err = json.Unmarshal(raw, &obj); err != nil {
			break
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			f, ok := jsonField(t, k)
			if !ok {
				if strict {
					return join(k), "unknown field"
				}
				continue
			}
			if p, msg := fieldFault(obj[k], f.Type, join(k), strict); msg != "" {
				return p, msg
			}
		}
		return "", ""
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if err = json.Unmarshal(raw, &items); err != nil {
			break
		}
		for i, item := range items {
			if p, msg := fieldFault(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), strict); msg != "" {
				return p, msg
			}
		}
		return "", ""
	case reflect.Map:
		var obj map[string]json.RawMessage
		if err = json.Unmarshal(raw, &obj); err != nil {
			break
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if p, msg := fieldFault(obj[k], t.Elem(), join(k), strict); msg != "" {
				return p, msg
			}
		}
		return "", ""
	case reflect.Interface:
		return "", ""
	default:
		err = json.Unmarshal(raw, reflect.New(t).Interface())
	}
	if err == nil {
		return "", ""
	}
	got := jsonKind(raw)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Value != "" {
		got = typeErr.Value
	}
	return path, fmt.Sprintf("expected %s, got JSON %s", describeType(t), got)
}

// describeType says what a field of type t takes, in JSON terms.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[Amount]():
		return `a decimal string such as "12.50"`
	case t == reflect.TypeFor[time.Time]():
		return "an RFC 3339 time string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another value"
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// jsonField finds the field of struct type t that the JSON key decodes
// into, matching names as encoding/json does (case-insensitively).
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
