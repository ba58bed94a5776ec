package rpc_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"osaddon/rpc"
)

// TestDecodeParamsNamesTheField: every decoding failure names the dotted
// path of the field to blame, however deep it sits.
func TestDecodeParamsNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		name, params, field string
	}{
		// An unknown key at the top.
		{"unknown top-level field", `{"colour":1}`, "colour"},
		// An unknown key inside an object.
		{"unknown nested field", `{"service":{"id":"1","colour":1}}`, "service.colour"},
		// An unknown key inside a list element.
		{"unknown field in a list", `{"tariff":{"addon":{"values":[{"internal_name":"a"},{"internal_name":"b","colour":1}]}}}`, "tariff.addon.values[1].colour"},
		// A time that is no RFC 3339 time, at the top.
		{"bad time", `{"as_of":"yesterday"}`, "as_of"},
		// A bad time inside the service.
		{"bad nested time", `{"service":{"period_start":"2024-13-01T00:00:00Z"}}`, "service.period_start"},
		// A time given as a number.
		{"time as a number", `{"as_of":1715337000}`, "as_of"},
		// A string where a number goes.
		{"wrong type", `{"vm":{"cpus":"2"}}`, "vm.cpus"},
		// A list where an object goes.
		{"list for an object", `{"service":[]}`, "service"},
		// Money as a JSON number.
		{"amount as a number", `{"service":{"account":{"balance":1.5}}}`, "service.account.balance"},
		// Not an object at all.
		{"params as a string", `"open"`, "params"},
		// Two objects.
		{"trailing data", `{"template":"a"} {"template":"b"}`, "params"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p rpc.OpenParams
			err := rpc.DecodeParamsBytes([]byte(tc.params), &p)
			var e *rpc.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v (%T), want *rpc.Error", err, err)
			}
			if e.Code != rpc.CodeInvalidParams || e.Field != tc.field {
				t.Fatalf("error = %d field %q (%v), want %d field %q", e.Code, e.Field, err, rpc.CodeInvalidParams, tc.field)
			}
		})
	}
}

// TestCodecLimitOnEitherSide: a message over the limit is dropped whole,
// whichever side sent it, and the stream stays in step.
func TestCodecLimitOnEitherSide(t *testing.T) {
	const limit = 1 << 10
	c := rpc.Codec{MaxMessageBytes: limit}
	at := strings.Repeat("x", limit) // one byte of framing more is over
	for _, tc := range []struct {
		name, body string
		limitCode  bool
	}{
		// Exactly the limit is accepted.
		{"at the limit", `{"jsonrpc":"2.0","id":1,"method":"open","params":{"t":"` + at[:limit-len(`{"jsonrpc":"2.0","id":1,"method":"open","params":{"t":""}}`)] + `"}}`, false},
		// One byte over is refused.
		{"one byte over", `{"jsonrpc":"2.0","id":1,"method":"open","params":{"t":"` + at[:limit-len(`{"jsonrpc":"2.0","id":1,"method":"open","params":{"t":""}}`)+1] + `"}}`, true},
		// A response over the limit fails its call.
		{"response over", `{"jsonrpc":"2.0","id":1,"result":{"t":"` + at + `"}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := `{"jsonrpc":"2.0","id":2,"method":"initialize","params":{}}`
			r := bufio.NewReader(strings.NewReader(frame(tc.body) + frame(next)))
			var first, second message
			if err := c.ReadObject(r, &first); err != nil {
				t.Fatal(err)
			}
			if err := c.ReadObject(r, &second); err != nil || second["method"] != "initialize" {
				t.Fatalf("stream out of step: %v %v", second, err)
			}
			refused := first["method"] == rpc.MethodRejected || first["error"] != nil
			if refused != tc.limitCode {
				t.Fatalf("refused = %t, want %t: %v", refused, tc.limitCode, first)
			}
			if refused && !strings.Contains(strings.ToLower(toJSON(t, first)), "-32003") {
				t.Fatalf("refusal %v does not carry -32003", first)
			}
		})
	}
}

// TestCodecTooDeepJSON: a body nested deeper than encoding/json decodes is
// refused under its id with its own message, not "malformed JSON", and
// the stream stays in step. Nesting at the limit is still decoded.
func TestCodecTooDeepJSON(t *testing.T) {
	nested := func(depth int) string {
		return `{"jsonrpc":"2.0","id":7,"method":"open","params":{"x":` +
			strings.Repeat("[", depth-2) + strings.Repeat("]", depth-2) + `}}`
	}
	for _, tc := range []struct {
		name, body, message string
	}{
		// One level deeper than the limit.
		{"over the limit", nested(rpc.MaxJSONDepth + 1), "JSON nested deeper than 10000 levels"},
		// Far deeper, with brackets inside a string that must not count.
		{"far over, brackets in strings", `{"s":"[[[[\"[[["}` + nested(3*rpc.MaxJSONDepth), "JSON nested deeper than 10000 levels"},
		// Deep and also broken: the depth is what to say.
		{"deep and unclosed", nested(rpc.MaxJSONDepth + 5)[:rpc.MaxJSONDepth+60], "JSON nested deeper than 10000 levels"},
		// Broken but shallow: still malformed JSON.
		{"shallow and unclosed", `{"jsonrpc":"2.0","id":7,"method":"open","params":[[[`, "malformed JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := `{"jsonrpc":"2.0","id":2,"method":"initialize","params":{}}`
			r := bufio.NewReader(strings.NewReader(frame(tc.body) + frame(next)))
			var first, second message
			if err := (rpc.Codec{}).ReadObject(r, &first); err != nil {
				t.Fatal(err)
			}
			if err := (rpc.Codec{}).ReadObject(r, &second); err != nil || second["method"] != "initialize" {
				t.Fatalf("stream out of step: %v %v", second, err)
			}
			params, _ := first["params"].(map[string]any)
			if first["method"] != rpc.MethodRejected || params["code"] != float64(rpc.CodeParseError) || params["message"] != tc.message {
				t.Fatalf("substitute = %v, want -32700 %q", first, tc.message)
			}
		})
	}
	var at message
	if err := (rpc.Codec{}).ReadObject(bufio.NewReader(strings.NewReader(frame(nested(rpc.MaxJSONDepth)))), &at); err != nil || at["method"] != "open" {
		t.Fatalf("nesting at the limit: %v %v", at, err)
	}
}

// TestCodecStreamEnds: the stream ending between two messages is io.EOF, a
// clean end; ending inside a header or a body is io.ErrUnexpectedEOF, and
// garbage framing is an error of its own, so the module can tell a clean
// end from a broken stream.
func TestCodecStreamEnds(t *testing.T) {
	whole := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)
	for _, tc := range []struct {
		name, stream string
		want         error // nil: some other error, neither EOF
	}{
		// Nothing at all.
		{"empty", "", io.EOF},
		// A whole message, then the end.
		{"after a whole message", whole, io.EOF},
		// Inside the header line.
		{"inside a header line", whole + "Content-Len", io.ErrUnexpectedEOF},
		// After a header line, before the blank line.
		{"before the blank line", whole + "Content-Length: 5\r\n", io.ErrUnexpectedEOF},
		// Inside the body.
		{"inside the body", whole + "Content-Length: 50\r\n\r\n{\"jsonrpc\"", io.ErrUnexpectedEOF},
		// Not framing at all.
		{"garbage", whole + "hello\n", nil},
		// A header line without \r.
		{"bare newline", whole + "Content-Length: 2\n\n{}", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tc.stream))
			var err error
			for err == nil {
				var m message
				err = (rpc.Codec{}).ReadObject(r, &m)
			}
			switch {
			case tc.want == io.EOF && err != io.EOF:
				t.Fatalf("error = %v, want io.EOF itself", err)
			case tc.want == io.ErrUnexpectedEOF && !errors.Is(err, io.ErrUnexpectedEOF):
				t.Fatalf("error = %v, want io.ErrUnexpectedEOF", err)
			case tc.want == nil && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
				t.Fatalf("error = %v, want a framing error", err)
			}
		})
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
