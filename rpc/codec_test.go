package rpc_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// message is any JSON object that is a request or a response, as jsonrpc2
// demands.
type message map[string]any

func (m *message) UnmarshalJSON(b []byte) error {
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	_, req := v["method"]
	_, res := v["result"]
	_, fail := v["error"]
	if !req && !res && !fail {
		return fmt.Errorf("neither request nor response")
	}
	*m = v
	return nil
}

func readAll(t *testing.T, c rpc.Codec, stream string) []message {
	t.Helper()
	r := bufio.NewReader(strings.NewReader(stream))
	var out []message
	for {
		var m message
		if err := c.ReadObject(r, &m); err != nil {
			return out
		}
		out = append(out, m)
	}
}

func TestCodecRecovers(t *testing.T) {
	c := rpc.Codec{MaxMessageBytes: 100}
	big := `{"jsonrpc":"2.0","method":"open","params":{"x":"` + strings.Repeat("a", 200) + `"},"id":"late-id"}`
	bigResp := `{"jsonrpc":"2.0","id":9,"result":{"x":"` + strings.Repeat("b", 200) + `"}}`
	tests := []struct {
		name, body string
		want       string // the substitute, re-encoded
	}{
		{"oversized request keeps its id", big,
			`{"id":"late-id","jsonrpc":"2.0","method":"$/osaddon/rejected","params":{"code":-32003,"message":"message of ` + fmt.Sprint(len(big)) + ` bytes exceeds the limit of 100 bytes"}}`},
		{"oversized response fails its call", bigResp,
			`{"error":{"code":-32003,"message":"message of ` + fmt.Sprint(len(bigResp)) + ` bytes exceeds the limit of 100 bytes"},"id":9,"jsonrpc":"2.0"}`},
		{"malformed JSON", `{"jsonrpc":"2.0","id":5,"method":`,
			`{"id":5,"jsonrpc":"2.0","method":"$/osaddon/rejected","params":{"code":-32700,"message":"malformed JSON"}}`},
		{"not a request", `{"id":"x","foo":1}`,
			`{"id":"x","jsonrpc":"2.0","method":"$/osaddon/rejected","params":{"code":-32600,"message":"not a JSON-RPC 2.0 request or response object"}}`},
		{"a batch", `[1,2]`,
			`{"id":"\u0000osaddon-null-id","jsonrpc":"2.0","method":"$/osaddon/rejected","params":{"code":-32600,"message":"not a JSON-RPC 2.0 request or response object"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := `{"jsonrpc":"2.0","id":2,"method":"initialize","params":{}}`
			got := readAll(t, c, frame(tt.body)+frame(next))
			if len(got) != 2 {
				t.Fatalf("read %d messages, want the substitute and the next one", len(got))
			}
			b, _ := json.Marshal(got[0])
			if string(b) != tt.want {
				t.Errorf("substitute\n got %s\nwant %s", b, tt.want)
			}
			if got[1]["method"] != "initialize" {
				t.Errorf("stream out of step: next message = %v", got[1])
			}
		})
	}
}

func TestCodecWritesNullIDForUnreadableRequests(t *testing.T) {
	var r jsonrpc2.Request
	if err := (rpc.Codec{}).ReadObject(bufio.NewReader(strings.NewReader(frame("nonsense"))), &r); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	resp := &jsonrpc2.Response{ID: r.ID, Error: rpc.Rejection(&r).JSONRPC()}
	if err := (rpc.Codec{}).WriteObject(&buf, resp); err != nil {
		t.Fatal(err)
	}
	want := frame(`{"id":null,"error":{"code":-32700,"message":"malformed JSON"},"jsonrpc":"2.0"}`)
	if buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
}

func TestCodecBrokenFramingEndsTheStream(t *testing.T) {
	for _, stream := range []string{
		"Content-Length: 5\n\n{}{}{",       // bare \n
		"Content-Type: x\r\n\r\n{}",        // no length
		"Content-Length: -3\r\n\r\n{}",     // negative
		"Content-Length: 9\r\n\r\n{}",      // truncated body
		strings.Repeat("X", 8192) + "\r\n", // endless header
	} {
		var m map[string]any
		if err := (rpc.Codec{}).ReadObject(bufio.NewReader(strings.NewReader(stream)), &m); err == nil {
			t.Errorf("ReadObject(%.30q) = nil error, want a framing error", stream)
		}
	}
}

// FuzzCodec: whatever a body holds, the codec yields one message for it and
// stays in step for the next.
func FuzzCodec(f *testing.F) {
	f.Add(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)
	f.Add(`{"jsonrpc":"2.0","id":"a\"b","result":null}`)
	f.Add(`{"id":{"x":[1,{"id":2}]},"method":"m"}`)
	f.Add(`{"id":1e400}`)
	f.Add(`[{"id":1}]`)
	f.Add(`"\u0000osaddon-null-id"`)
	f.Add(strings.Repeat("[", 300))
	f.Fuzz(func(t *testing.T, body string) {
		if body == "" {
			return
		}
		c := rpc.Codec{MaxMessageBytes: 64}
		next := `{"jsonrpc":"2.0","id":77,"method":"next"}`
		stream := frame(body) + fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(next), next)
		r := bufio.NewReader(strings.NewReader(stream))
		var first, second jsonrpc2.Request
		if err := c.ReadObject(r, &first); err != nil {
			var resp jsonrpc2.Response
			r = bufio.NewReader(strings.NewReader(stream))
			if err := c.ReadObject(r, &resp); err != nil {
				t.Fatalf("body %q: no substitute: %v", body, err)
			}
		}
		if err := c.ReadObject(r, &second); err != nil || second.Method != "next" {
			t.Fatalf("body %q: stream out of step: %v %+v", body, err, second)
		}
	})
}

// FuzzDecodeParams: any params either decode or fail with InvalidParams.
func FuzzDecodeParams(f *testing.F) {
	f.Add(`{"protocol_version":1,"host":{"name":"x","version":"1"}}`)
	f.Add(`{"connection":"c","run_id":"r","as_of":"2026-01-01T00:00:00Z"}`)
	f.Add(`{"service":{"account":{"balance":0.1}}}`)
	f.Add(`{"as_of":"yesterday"}`)
	f.Add(`null`)
	f.Add(`{"a":1} {"b":2}`)
	f.Fuzz(func(t *testing.T, params string) {
		for _, v := range []any{&rpc.InitializeParams{}, &rpc.SyncServerParams{}, &rpc.OpenParams{}, &rpc.SetParamParams{}, &rpc.ServicesResult{}} {
			err := rpc.DecodeParamsBytes([]byte(params), v)
			if err != nil && rpc.CodeOf(err) != rpc.CodeInvalidParams {
				t.Fatalf("%T from %q: error %v is not InvalidParams", v, params, err)
			}
		}
	})
}
