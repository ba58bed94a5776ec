package rpc

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/sourcegraph/jsonrpc2"
)

// envelope is what can be told of a message without decoding it.
type envelope struct {
	id         []byte // raw JSON id, nil when absent or unreadable
	isResponse bool   // has "result" or "error" and no "method"
}

// substitute fills v with a stand-in for a rejected message.
func (e envelope) substitute(v any, code Code, msg string) error {
	build := func(id []byte) []byte {
		var b []byte
		if e.isResponse {
			eb, _ := json.Marshal(&jsonrpc2.Error{Code: int64(code), Message: msg})
			b = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"error":%s}`, id, eb)
		} else {
			pb, _ := json.Marshal(&Error{Code: code, Message: msg})
			b = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"method":%q,"params":%s}`, id, MethodRejected, pb)
		}
		return b
	}
	if e.id != nil && string(e.id) != "null" {
		if err := json.Unmarshal(build(e.id), v); err == nil {
			return nil
		}
	}
	null, _ := json.Marshal(nullID)
	return json.Unmarshal(build(null), v)
}

// scanEnvelope reads a JSON object leniently, byte by byte, keeping only its
// top-level "id" and whether it has "method", "result" or "error". It never
// holds more than a few bytes, so it copes with any size.
func scanEnvelope(r io.ByteReader) envelope {
	var (
		env                      envelope
		depth                    int
		inStr, esc, keyCandidate bool
		str                      []byte
		hasMethod, hasResult     bool
	)
	for {
		b, err := r.ReadByte()
		if err != nil {
			break
		}
		if inStr {
			switch {
			case esc:
				esc = false
			case b == '\\':
				esc = true
			case b == '"':
				inStr = false
				keyCandidate = depth == 1
				continue
			}
			if depth == 1 && len(str) < 16 {
				str = append(str, b)
			}
			continue
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			inStr, str = true, str[:0]
		case ':':
			if keyCandidate {
				switch string(str) {
				case "id":
					var end byte
					env.id, end = scanValue(r)
					switch end {
					case '{', '[':
						depth++
					case '}', ']':
						depth--
					}
				case "method":
					hasMethod = true
				case "result", "error":
					hasResult = true
				}
				if env.id != nil && (hasMethod || hasResult) {
					// All that is needed is known; the caller discards
					// the rest without looking at it.
					env.isResponse = hasResult && !hasMethod
					return env
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		keyCandidate = false
	}
	env.isResponse = hasResult && !hasMethod
	return env
}

// scanValue reads a short scalar JSON value (an id) and the byte that ended
// it. A value longer than 256 bytes, or an object or array, is no id.
func scanValue(r io.ByteReader) (raw []byte, end byte) {
	var b byte
	var err error
	for {
		if b, err = r.ReadByte(); err != nil {
			return nil, 0
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			break
		}
	}
	if b == '"' {
		raw = append(raw, b)
		esc := false
		for len(raw) <= 256 {
			if b, err = r.ReadByte(); err != nil {
				return nil, 0
			}
			raw = append(raw, b)
			switch {
			case esc:
				esc = false
			case b == '\\':
				esc = true
			case b == '"':
				return raw, 0
			}
		}
		return nil, 0
	}
	for len(raw) <= 256 {
		switch b {
		case ',', '}', ']', ' ', '\t', '\r', '\n', '{', '[':
			if b == '{' || b == '[' || len(raw) == 0 {
				return nil, b
			}
			return raw, b
		}
		raw = append(raw, b)
		if b, err = r.ReadByte(); err != nil {
			return raw, 0
		}
	}
	return nil, 0
}
