package rpc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/sourcegraph/jsonrpc2"
)

// The fast path. jsonrpc2 reads every message into its unexported
// anyMessage, whose UnmarshalJSON decodes the body three times, once into
// interface{} values, and rebuilds a request's params by decoding them into
// map[string]interface{} and marshalling them again; it writes through
// Request.MarshalJSON (a map) and Response.MarshalJSON, and each layer
// re-validates and compacts the params or result it embeds. For a 100 KB
// payload that is about twenty passes. The codec instead validates a body
// once, splits its top-level members once and fills the *Request or
// *Response itself, with params and result left as the raw bytes received;
// it writes a message by appending its members in the order jsonrpc2 does.
// Anything outside the common shape takes jsonrpc2's own path, so errors
// and odd messages behave exactly as before.

// messageFields returns the request and response fields of jsonrpc2's
// anyMessage behind v, or false when v is anything else (tests read into
// maps and plain Requests). The fields are unexported, hence unsafe; the
// shape is checked by name and type, so a jsonrpc2 that changes it only
// loses the fast path.
func messageFields(v any) (**jsonrpc2.Request, **jsonrpc2.Response, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, nil, false
	}
	e := rv.Elem()
	t := e.Type()
	if t != anyMessageType.Load() {
		if t.Kind() != reflect.Struct || t.Name() != "anyMessage" || t.PkgPath() != jsonrpc2Path || t.NumField() != 2 ||
			t.Field(0).Name != "request" || t.Field(0).Type != requestPtrType ||
			t.Field(1).Name != "response" || t.Field(1).Type != responsePtrType {
			return nil, nil, false
		}
		anyMessageType.Store(t)
	}
	return (**jsonrpc2.Request)(unsafe.Pointer(e.Field(0).UnsafeAddr())),
		(**jsonrpc2.Response)(unsafe.Pointer(e.Field(1).UnsafeAddr())), true
}

var (
	jsonrpc2Path    = reflect.TypeFor[jsonrpc2.Request]().PkgPath()
	requestPtrType  = reflect.TypeFor[*jsonrpc2.Request]()
	responsePtrType = reflect.TypeFor[*jsonrpc2.Response]()
	anyMessageType  atomic.Value // reflect.Type of jsonrpc2's anyMessage, once checked
)

func init() { anyMessageType.Store(reflect.TypeFor[struct{}]()) }

// member is one top-level member of a message: its value's bytes.
type member struct {
	raw     []byte
	present bool
}

func (m member) null() bool { return m.present && string(m.raw) == "null" }

// readMessage fills v, jsonrpc2's anyMessage, from body when body is a
// well-formed request or response of the usual shape; it reports whether
// it did. It never fills v partly.
func readMessage(body []byte, v any) bool {
	reqField, respField, ok := messageFields(v)
	if !ok {
		return false
	}
	var id, method, params, result, errMember, meta member
	ok = splitObject(body, func(key string, raw []byte) bool {
		var m *member
		switch key {
		case "jsonrpc":
			return true
		case "id":
			m = &id
		case "method":
			m = &method
		case "params":
			m = &params
		case "result":
			m = &result
		case "error":
			m = &errMember
		case "meta":
			m = &meta
		default:
			return false // jsonrpc2 keeps extra fields: its own path
		}
		if m.present {
			return false // a repeated member: its own path
		}
		*m = member{raw: raw, present: true}
		return true
	})
	isRequest := method.present && !method.null()
	isResponse := result.present || (errMember.present && !errMember.null())
	if !ok || isRequest == isResponse {
		return false
	}
	if isRequest {
		req := &jsonrpc2.Request{Params: rawOrNull(params), Meta: rawOrNull(meta)}
		if json.Unmarshal(method.raw, &req.Method) != nil || !readRequestID(id, req) {
			return false
		}
		*reqField, *respField = req, nil
		return true
	}
	resp := &jsonrpc2.Response{Result: rawOrNull(result), Meta: rawOrNull(meta)}
	if errMember.present && !errMember.null() {
		resp.Error = new(jsonrpc2.Error)
		if json.Unmarshal(errMember.raw, resp.Error) != nil {
			return false
		}
	}
	if !id.present || !readResponseID(id.raw, &resp.ID) {
		return false
	}
	if resp.Error == nil && resp.Result == nil {
		resp.Result = &jsonNull
	}
	*reqField, *respField = nil, resp
	return true
}

var jsonNull = json.RawMessage("null")

// rawOrNull is a member as jsonrpc2 keeps it: nil when absent, a JSON null
// when null, else its bytes.
func rawOrNull(m member) *json.RawMessage {
	switch {
	case !m.present:
		return nil
	case m.null():
		return &jsonNull
	}
	raw := json.RawMessage(m.raw)
	return &raw
}

// readRequestID sets a request's id as jsonrpc2 reads it: absent or null
// is a notification, then a string or an int64.
func readRequestID(id member, req *jsonrpc2.Request) bool {
	switch {
	case !id.present || id.null():
		req.Notif = true
		return true
	case id.raw[0] == '"':
		req.ID.IsString = true
		return json.Unmarshal(id.raw, &req.ID.Str) == nil
	}
	n, err := strconv.ParseInt(string(id.raw), 10, 64)
	req.ID.Num = uint64(n)
	return err == nil
}

// readResponseID reads a response's id as jsonrpc2.ID does: a uint64, or
// a string.
func readResponseID(raw []byte, id *jsonrpc2.ID) bool {
	if raw[0] == '"' {
		id.IsString = true
		return json.Unmarshal(raw, &id.Str) == nil
	}
	n, err := strconv.ParseUint(string(raw), 10, 64)
	id.Num = n
	return err == nil
}

// splitObject checks that body is one valid JSON object and calls fn with
// each member. It returns false when body is not valid JSON or not an
// object, a key holds an escape, or fn returns false. It accepts only what
// encoding/json accepts; what it refuses takes jsonrpc2's own path, which
// reports it.
func splitObject(body []byte, fn func(key string, raw []byte) bool) bool {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return false
	}
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return skipSpace(body, i+1) == len(body)
	}
	for {
		end, ok := validString(body, i)
		if !ok {
			return false
		}
		key := body[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			return false
		}
		i = skipSpace(body, end)
		if i >= len(body) || body[i] != ':' {
			return false
		}
		i = skipSpace(body, i+1)
		if end, ok = validValue(body, i, 0); !ok || !fn(string(key), body[i:end]) {
			return false
		}
		i = skipSpace(body, end)
		switch {
		case i >= len(body):
			return false
		case body[i] == '}':
			return skipSpace(body, i+1) == len(body)
		case body[i] != ',':
			return false
		}
		i = skipSpace(body, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// maxFastDepth bounds the nesting the fast path validates; deeper
// messages take jsonrpc2's path (encoding/json allows 10,000).
const maxFastDepth = 1000

// validValue returns the end of the valid JSON value at b[i].
func validValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return validString(b, i)
	case c == '{' || c == '[':
		if depth == maxFastDepth {
			return i, false
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == closer {
			return i + 1, true
		}
		for {
			var ok bool
			if c == '{' {
				if i, ok = validString(b, i); !ok {
					return i, false
				}
				if i = skipSpace(b, i); i >= len(b) || b[i] != ':' {
					return i, false
				}
				i = skipSpace(b, i+1)
			}
			if i, ok = validValue(b, i, depth+1); !ok {
				return i, false
			}
			i = skipSpace(b, i)
			switch {
			case i >= len(b):
				return i, false
			case b[i] == closer:
				return i + 1, true
			case b[i] != ',':
				return i, false
			}
			i = skipSpace(b, i+1)
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return validNumber(b, i)
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(b[i:], []byte(lit)) {
			return i + len(lit), true
		}
	}
	return i, false
}

// plainStringByte marks the bytes a JSON string holds as they are: not a
// control character, a quote or a backslash.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// validString returns the end of the valid JSON string at b[i], past its
// closing quote. Like encoding/json, it does not check UTF-8.
func validString(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	for i++; i < len(b); i++ {
		for i < len(b) && plainStringByte[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			return i + 1, true
		case '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if i+5 >= len(b) {
					return i, false
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return i, false
					}
				}
				i += 5
			default:
				return i, false
			}
		default:
			return i, false // a control character
		}
	}
	return i, false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// validNumber returns the end of the valid JSON number at b[i].
func validNumber(b []byte, i int) (int, bool) {
	digits := func(i int) (int, bool) {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i, i > start
	}
	if b[i] == '-' {
		i++
	}
	var ok bool
	switch {
	case i < len(b) && b[i] == '0':
		i++
	default:
		if i, ok = digits(i); !ok {
			return i, false
		}
	}
	if i < len(b) && b[i] == '.' {
		if i, ok = digits(i + 1); !ok {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i, ok = digits(i); !ok {
			return i, false
		}
	}
	return i, true
}

// appendMessage appends obj, jsonrpc2's *anyMessage, to dst as jsonrpc2
// would marshal it, and reports whether it could. The params, result and
// meta are written as they are: json.Marshal made them (SetParams,
// SetResult), so they are already compact and HTML-escaped, which plain
// reports cheaply. Anything else takes jsonrpc2's own path.
func appendMessage(dst []byte, obj any) ([]byte, bool) {
	reqField, respField, ok := messageFields(obj)
	if !ok {
		return nil, false
	}
	switch req, resp := *reqField, *respField; {
	case req != nil && resp == nil:
		if len(req.ExtraFields) > 0 || !plain(req.Params) || !plain(req.Meta) {
			return nil, false
		}
		dst = append(dst, '{')
		if !req.Notif {
			dst = appendID(append(dst, `"id":`...), req.ID)
			dst = append(dst, ',')
		}
		dst = append(dst, `"jsonrpc":"2.0"`...)
		if req.Meta != nil {
			dst = append(append(dst, `,"meta":`...), *req.Meta...)
		}
		method, err := json.Marshal(req.Method)
		if err != nil {
			return nil, false
		}
		dst = append(append(dst, `,"method":`...), method...)
		if req.Params != nil {
			dst = append(append(dst, `,"params":`...), *req.Params...)
		}
		return append(dst, '}'), true
	case req == nil && resp != nil:
		if (resp.Result == nil || len(*resp.Result) == 0) && resp.Error == nil {
			return nil, false // jsonrpc2 refuses it; let it say so
		}
		if !plain(resp.Result) || !plain(resp.Meta) {
			return nil, false
		}
		dst = appendID(append(dst, `{"id":`...), resp.ID)
		if resp.Result != nil {
			dst = append(append(dst, `,"result":`...), *resp.Result...)
		}
		if resp.Error != nil {
			e, err := json.Marshal(resp.Error)
			if err != nil {
				return nil, false
			}
			dst = append(append(dst, `,"error":`...), e...)
		}
		if resp.Meta != nil {
			dst = append(append(dst, `,"meta":`...), *resp.Meta...)
		}
		return append(dst, `,"jsonrpc":"2.0"}`...), true
	}
	return nil, false
}

// appendID appends id; the null-id stand-in is written as null.
func appendID(dst []byte, id jsonrpc2.ID) []byte {
	if !id.IsString {
		return strconv.AppendUint(dst, id.Num, 10)
	}
	if id.Str == nullID {
		return append(dst, "null"...)
	}
	s, _ := json.Marshal(id.Str)
	return append(dst, s...)
}

// keptInString marks the bytes plain passes over inside a string.
var keptInString = func() (t [256]bool) {
	for c := range t {
		t[c] = !strings.ContainsRune("\"\\<>&", rune(c)) && c != 0xE2
	}
	return t
}()

// plain reports whether raw, when set, is something encoding/json would
// embed unchanged: not empty, no whitespace outside strings, and nothing it
// escapes (<, >, &, U+2028, U+2029). json.Marshal's output always is; other
// bytes take jsonrpc2's path, which compacts them or refuses them.
func plain(raw *json.RawMessage) bool {
	if raw == nil {
		return true
	}
	b := *raw
	if len(b) == 0 {
		return false
	}
	inString := false
	for i := 0; i < len(b); i++ {
		if inString {
			for i < len(b) && keptInString[b[i]] {
				i++
			}
			if i == len(b) {
				return false // an unterminated string: not json.Marshal's
			}
		}
		switch c := b[i]; {
		case c == '<' || c == '>' || c == '&':
			return false
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && b[i+2]&^1 == 0xA8:
			return false
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			return false
		}
	}
	return true
}
