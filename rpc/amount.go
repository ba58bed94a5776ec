package rpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Amount is a sum of money as a decimal string, such as "12.50" or "-0.10".
// It is a string on the wire so that no JSON parser turns it into a binary
// float; the digits are kept byte for byte ("0.10" stays "0.10"). Its
// currency travels beside it. The module parses it with exact decimals and
// refuses anything that is not a plain decimal.
type Amount string

// UnmarshalJSON takes a JSON string and refuses any other JSON value with
// a message that says what money must look like; null leaves the amount
// as it was, as it does for any string.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' && bytes.IndexByte(data, '\\') < 0 && utf8.Valid(data) {
		*a = Amount(data[1 : len(data)-1])
		return nil
	}
	if string(data) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return errors.New(`money must be a decimal string such as "12.50", got JSON ` + jsonKind(data))
	}
	*a = Amount(s)
	return nil
}

// jsonKind names the kind of a JSON value by its first byte, in the words
// encoding/json uses for JSON values: "number", "object", "array", "bool"...
func jsonKind(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "nothing"
	}
	switch c := data[0]; {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "bool"
	case c == 'n':
		return "null"
	}
	return "number"
}
