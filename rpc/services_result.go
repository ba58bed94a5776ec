package rpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// ItemFault is a service or tariff of a billing/services page that could
// not be decoded. The page keeps its place in Services or Tariffs, holding
// what could be read of it (see ServicesResult.UnmarshalJSON).
type ItemFault struct {
	// Item is the wire path of the service or tariff, such as
	// "services[3]".
	Item string
	// Field is the wire path of the field to blame, such as
	// "services[3].account.balance".
	Field string
	// Message says what is wrong with the field, in JSON terms.
	Message string
}

// errPageNull refuses a page that is null: read as empty, it would make
// every VM of the connection an orphan.
var errPageNull = errors.New("the page is null, not an object")

// UnmarshalJSON decodes a billing/services page. The page must be an
// object whose services and tariffs are lists (or absent) and whose
// next_cursor is a string; anything else fails, as a page of the wrong
// shape cannot be read at all. A service or tariff that cannot be decoded
// does not fail the page: it is listed in Faults, and its place holds the
// strings that could be read of it (id; for a service also vm_id,
// connection and tariff_id), so the one item is left alone and the rest of
// the page is synced.
func (r *ServicesResult) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return errPageNull
	}
	type page ServicesResult // the same fields, without this method
	var whole page
	if json.Unmarshal(data, &whole) == nil {
		*r = ServicesResult(whole)
		return nil
	}
	var shape struct {
		Services   []json.RawMessage `json:"services"`
		Tariffs    []json.RawMessage `json:"tariffs"`
		NextCursor string            `json:"next_cursor"`
	}
	if err := json.Unmarshal(data, &shape); err != nil {
		path, msg := fieldFault(data, reflect.TypeOf(shape), "", false)
		if msg == "" {
			return errors.New("the page cannot be decoded")
		}
		if path == "" {
			return errors.New("the page: " + msg)
		}
		return errors.New(path + ": " + msg)
	}
	out := ServicesResult{NextCursor: shape.NextCursor, Services: make([]Service, 0, len(shape.Services)),
		Tariffs: make([]Tariff, 0, len(shape.Tariffs))}
	for i, raw := range shape.Services {
		var s Service
		if err := json.Unmarshal(raw, &s); err != nil {
			out.Faults = append(out.Faults, itemFault(raw, reflect.TypeFor[Service](), fmt.Sprintf("services[%d]", i)))
			read := readStrings(raw)
			s = Service{ID: read("id"), VMID: read("vm_id"), Connection: read("connection"), TariffID: read("tariff_id")}
		}
		out.Services = append(out.Services, s)
	}
	for i, raw := range shape.Tariffs {
		var t Tariff
		if err := json.Unmarshal(raw, &t); err != nil {
			out.Faults = append(out.Faults, itemFault(raw, reflect.TypeFor[Tariff](), fmt.Sprintf("tariffs[%d]", i)))
			t = Tariff{ID: readStrings(raw)("id")}
		}
		out.Tariffs = append(out.Tariffs, t)
	}
	*r = out
	return nil
}

// itemFault says which field of an item of type t refused to decode.
func itemFault(raw []byte, t reflect.Type, item string) ItemFault {
	path, msg := fieldFault(raw, t, item, false)
	if msg == "" {
		path, msg = item, "cannot be decoded"
	}
	return ItemFault{Item: item, Field: path, Message: msg}
}

// readStrings returns a reader of the string members of the object raw;
// a member that is absent or not a string reads as "".
func readStrings(raw []byte) func(key string) string {
	var members map[string]json.RawMessage
	_ = json.Unmarshal(raw, &members)
	return func(key string) string {
		var s string
		if json.Unmarshal(members[key], &s) != nil {
			return ""
		}
		return s
	}
}
