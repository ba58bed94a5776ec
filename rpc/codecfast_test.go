package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"
)

// probeStream hands every message jsonrpc2 writes, and every message it
// reads, to the test, so the codec's fast path can be compared with
// jsonrpc2's own marshalling on jsonrpc2's own anyMessage.
type probeStream struct {
	t      *testing.T
	bodies []string
	wrote  chan struct{}
	fast   int // messages the fast path took
	closed chan struct{}
}

func (p *probeStream) WriteObject(obj any) error {
	p.t.Helper()
	want, err := json.Marshal(obj)
	if err != nil {
		if _, ok := appendMessage(nil, obj); ok {
			p.t.Errorf("fast path wrote %#v, which jsonrpc2 refuses: %v", obj, err)
		}
		p.wrote <- struct{}{}
		return err
	}
	if bytes.HasPrefix(want, nullIDPrefix) {
		want = append([]byte(`{"id":null`), want[len(nullIDPrefix):]...)
	}
	got, ok := appendMessage(nil, obj)
	if ok {
		p.fast++
	}
	if ok && string(got) != string(want) {
		p.t.Errorf("fast path wrote\n%s\njsonrpc2 writes\n%s", got, want)
	}
	p.wrote <- struct{}{}
	return nil
}

func (p *probeStream) ReadObject(v any) error {
	p.t.Helper()
	for _, body := range p.bodies {
		ref := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		refErr := json.Unmarshal([]byte(body), ref)
		fast := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if !readMessage([]byte(body), fast) {
			continue // jsonrpc2's own path
		}
		p.fast++
		if refErr != nil {
			p.t.Errorf("fast path read %s, which jsonrpc2 refuses: %v", body, refErr)
			continue
		}
		if a, b := describe(fast), describe(ref); a != b {
			p.t.Errorf("read %s\nfast path: %s\njsonrpc2:  %s", body, a, b)
		}
	}
	return io.EOF
}

func (p *probeStream) Close() error {
	select {
	case <-p.closed:
	default:
		close(p.closed)
	}
	return nil
}

// describe renders what a handler can see of an anyMessage, with params
// and result as decoded values, since jsonrpc2 re-encodes a request's
// params with its keys sorted.
func describe(v any) string {
	req, resp, _ := messageFields(v)
	var b strings.Builder
	value := func(raw *json.RawMessage) string {
		if raw == nil {
			return "<nil>"
		}
		var x any
		if err := json.Unmarshal(*raw, &x); err != nil {
			return "invalid " + string(*raw)
		}
		out, _ := json.Marshal(x)
		return string(out)
	}
	if r := *req; r != nil {
		b.WriteString("request " + r.Method + " " + r.ID.String() + " notif=" + map[bool]string{true: "1", false: "0"}[r.Notif])
		b.WriteString(" params=" + value(r.Params) + " meta=" + value(r.Meta))
		if len(r.ExtraFields) > 0 {
			b.WriteString(" extra")
		}
	}
	if r := *resp; r != nil {
		b.WriteString("response " + r.ID.String() + " result=" + value(r.Result) + " meta=" + value(r.Meta))
		if r.Error != nil {
			e, _ := json.Marshal(r.Error)
			b.WriteString(" error=" + string(e))
		}
	}
	return b.String()
}

func TestFastPathReadsAsJSONRPC2Does(t *testing.T) {
	p := &probeStream{t: t, wrote: make(chan struct{}, 100), closed: make(chan struct{}), bodies: []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"b":1,"a":[1,2,{"x":"y"}]}}`,
		` { "method" : "m" , "id" : "a\"b" , "params" : { "s" : "\u00e9 <&> \\" } } `,
		`{"method":"m"}`,
		`{"method":"m","id":null,"params":null}`,
		`{"method":"m","id":-5}`,
		`{"method":"m","id":1.5}`,
		`{"method":"m","id":1e3}`,
		`{"method":"m","id":true}`,
		`{"method":"m","id":{"a":1}}`,
		`{"method":5,"id":1}`,
		`{"method":null,"id":1,"result":2}`,
		`{"method":"m","id":1,"meta":{"trace":"x"}}`,
		`{"method":"m","id":1,"extra":1}`,
		`{"method":"m","id":1,"params":1,"params":2}`,
		`{"id":1,"result":{"ok":true}}`,
		`{"id":"s","result":null}`,
		`{"id":1,"error":{"code":-32600,"message":"bad","data":{"field":"x"}}}`,
		`{"id":1,"error":null,"result":[]}`,
		`{"id":1,"error":{"code":"x"}}`,
		`{"id":-1,"result":1}`,
		`{"id":1}`,
		`{"result":1}`,
		`{"method":"m","result":1,"id":1}`,
		`[{"id":1,"result":1}]`,
		`{"a\u0062":1,"method":"m"}`,
		`{}`,
		`"x"`,
	}}
	conn := jsonrpc2.NewConn(context.Background(), p, jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
		return nil, nil
	}))
	<-conn.DisconnectNotify()
	if p.fast < 11 {
		t.Errorf("the fast path read %d messages, want the 11 common ones", p.fast)
	}
}

func TestFastPathWritesAsJSONRPC2Does(t *testing.T) {
	p := &probeStream{t: t, wrote: make(chan struct{}, 100), closed: make(chan struct{})}
	conn := jsonrpc2.NewConn(context.Background(), blockingReads{p}, jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
		return nil, nil
	}))
	defer conn.Close()
	ctx := context.Background()
	params := []any{
		map[string]any{"z": 1, "a": "<b>&amp;", "line": "a\u2028b", "é": "ü"},
		json.RawMessage(` { "spaced" : [ 1 , 2 ] } `),
		json.RawMessage(`"\u003c"`),
		struct {
			Amount string `json:"amount"`
		}{"0.10"},
		nil,
		strings.Repeat("x", 1000),
	}
	for _, v := range params {
		for _, notify := range []bool{false, true} {
			if notify {
				_ = conn.Notify(ctx, "method<&>", v)
			} else {
				_, _ = conn.DispatchCall(ctx, "m", v)
			}
			<-p.wrote
		}
	}
	meta := json.RawMessage(`{"trace":"t"}`)
	_, _ = conn.DispatchCall(ctx, "m", 1, jsonrpc2.Meta(&meta))
	<-p.wrote
	_, _ = conn.DispatchCall(ctx, "m", 1, jsonrpc2.PickID(jsonrpc2.ID{Str: "id<1>", IsString: true}))
	<-p.wrote
	_, _ = conn.DispatchCall(ctx, "m", 1, jsonrpc2.ExtraField("x", 1))
	<-p.wrote
	responses := []*jsonrpc2.Response{
		{ID: jsonrpc2.ID{Num: 7}},
		{ID: jsonrpc2.ID{Num: 7}, Result: &json.RawMessage{}},
		{ID: jsonrpc2.ID{Num: 7}, Result: rawJSON(`{"a":1}`)},
		{ID: jsonrpc2.ID{Num: 7}, Result: rawJSON(`{ "a" : 1 }`)},
		{ID: jsonrpc2.ID{Str: "x", IsString: true}, Result: rawJSON(`"<>"`)},
		{ID: jsonrpc2.ID{Str: nullID, IsString: true}, Error: &jsonrpc2.Error{Code: -32700, Message: "malformed <JSON>"}},
		{ID: jsonrpc2.ID{Num: 1}, Error: &jsonrpc2.Error{Code: 1, Message: "m", Data: rawJSON(`{"f":"x"}`)}},
		{ID: jsonrpc2.ID{Num: 1}, Result: rawJSON(`null`), Error: &jsonrpc2.Error{Code: 1}},
		{ID: jsonrpc2.ID{Num: 1}, Result: rawJSON(`1`), Meta: rawJSON(`{"m":1}`)},
		{ID: jsonrpc2.ID{Num: 1}, Result: rawJSON("\"a\u2029b\"")},
	}
	for _, r := range responses {
		if err := conn.SendResponse(ctx, r); err != nil && !strings.Contains(err.Error(), "must have result or error") {
			t.Error(err)
		}
		<-p.wrote
	}
	if p.fast < 15 {
		t.Errorf("the fast path wrote %d messages, want the 15 common ones", p.fast)
	}
}

func rawJSON(s string) *json.RawMessage { r := json.RawMessage(s); return &r }

// blockingReads never delivers a message, so the connection stays open
// while the test writes.
type blockingReads struct{ *probeStream }

func (b blockingReads) ReadObject(any) error {
	<-b.closed
	return io.EOF
}

func TestMessageFieldsRefusesOtherTypes(t *testing.T) {
	for _, v := range []any{nil, 1, &struct{ request, response int }{}, &jsonrpc2.Request{}, &map[string]any{}} {
		if _, _, ok := messageFields(v); ok {
			t.Errorf("messageFields(%T) = ok", v)
		}
	}
}

// FuzzSplitObject: the fast path's validator accepts exactly the objects
// encoding/json accepts (bar escaped keys and deep nesting, which it leaves
// to jsonrpc2's path), and splits them into the members json.Unmarshal
// sees.
func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}}`,
		`{}`, ` { } `, `{"a":}`, `{"a":1,}`, `{"a" 1}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":1e}`,
		`{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}", `{"a":[1 2]}`, `{"a":nul}`, `{"a":1} x`, `[1]`, `"s"`,
		`{"a\"b":1}`, `{"a":{"b":{"c":[[]]}}}`, `{"a":1}{"b":2}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var members []string
		ok := splitObject([]byte(body), func(key string, raw []byte) bool {
			members = append(members, key, string(raw))
			return true
		})
		var obj map[string]json.RawMessage
		valid := json.Valid([]byte(body)) && json.Unmarshal([]byte(body), &obj) == nil
		if ok && !valid {
			t.Fatalf("splitObject accepts %q, encoding/json does not", body)
		}
		if !ok {
			if valid && !strings.Contains(body, `\`) && strings.Count(body, "{")+strings.Count(body, "[") < maxFastDepth {
				t.Fatalf("splitObject refuses %q, a valid object", body)
			}
			return
		}
		for i := 0; i < len(members); i += 2 {
			if !utf8.ValidString(members[i]) {
				continue // encoding/json reads such a key as U+FFFD; the codec sends it to jsonrpc2's path
			}
			if string(obj[members[i]]) != members[i+1] && !slices.Contains(members[i+2:], members[i]) {
				t.Fatalf("member %q = %s, json.Unmarshal reads %s", members[i], members[i+1], obj[members[i]])
			}
		}
	})
}
