package docs_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestProtocolExamples executes docs/PROTOCOL.md. Each request example
// goes, verbatim and in the doc's order, to a module configured against a
// fake VMmanager 5 (connection vm5) and an unreachable vm6; the response
// example after it must match the answer field for field. The
// billing/services example answer is the page the fake host serves, the
// billing/services and $/progress examples must match what the module sent,
// each action example must match an action the module returned above, and
// every key returned must match a format of the "Keys" table. Blocks
// marked "json fragment" are skipped.
func TestProtocolExamples(t *testing.T) {
	blocks := jsonBlocks(t, "PROTOCOL.md")
	var page json.RawMessage
	for i, b := range blocks {
		if m := decodeBlock(t, b); m["method"] == "billing/services" && i+1 < len(blocks) {
			page = json.RawMessage(blocks[i+1].text)
		}
	}
	if page == nil {
		t.Fatal("PROTOCOL.md has no billing/services example with its answer")
	}
	env := newDocEnv(t, page)
	var actions []any
	executed := 0
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		m := decodeBlock(t, b)
		_, hasID := m["id"]
		method, _ := m["method"].(string)
		switch {
		case method == "billing/services":
			env.checkSent(t, b, m, env.callbacks())
			i++ // its answer is the page served
		case method == "$/progress":
			env.checkSent(t, b, m, env.progress())
		case method != "" && hasID:
			if i+1 >= len(blocks) {
				t.Fatalf("PROTOCOL.md:%d: request %s has no response example after it", b.line, method)
			}
			resp := blocks[i+1]
			i++
			got := env.call(t, b.text, m["id"])
			want := decodeBlock(t, resp)
			if d := diff(want, got.msg, ""); len(d) > 0 {
				t.Errorf("PROTOCOL.md:%d: the answer to the %s example differs from the example at line %d:\n  %s\nthe module answered:\n    %s",
					b.line, method, resp.line, strings.Join(d, "\n  "), got.raw)
			}
			actions = append(actions, actionsOf(got.msg)...)
			env.keys = collectKeys(got.msg, env.keys)
		case m["type"] != nil:
			checkAction(t, b, m, actions)
		default:
			t.Errorf("PROTOCOL.md:%d: a JSON example that is no request, response, notification or action; mark it ```json fragment if it is part of one", b.line)
		}
		executed++
	}
	t.Logf("%d examples checked", executed)
	checkKeyFormats(t, env.keys)
}

// jsonBlocks returns the json blocks of the doc that are not fragments.
func jsonBlocks(t *testing.T, path string) []block {
	t.Helper()
	var out []block
	for _, b := range readBlocks(t, path) {
		if b.lang() == "json" && !b.fragment() {
			out = append(out, b)
		}
	}
	return out
}

func decodeBlock(t *testing.T, b block) map[string]any {
	t.Helper()
	v, err := decode([]byte(b.text))
	if err != nil {
		t.Fatalf("PROTOCOL.md:%d: the example is not JSON (%v); complete it, or mark it ```json fragment", b.line, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("PROTOCOL.md:%d: the example is not a JSON object", b.line)
	}
	return m
}

// actionsOf returns the actions of an answer, if it has any.
func actionsOf(msg any) []any {
	m, _ := msg.(map[string]any)
	res, _ := m["result"].(map[string]any)
	list, _ := res["actions"].([]any)
	return list
}

// checkAction matches an action example with the module's action of the
// same type and key, else reports the closest one of its type.
func checkAction(t *testing.T, b block, want map[string]any, actions []any) {
	t.Helper()
	typ, _ := want["type"].(string)
	key := actionKey(want)
	var best []string
	for _, a := range actions {
		m, _ := a.(map[string]any)
		if m["type"] != typ {
			continue
		}
		d := diff(want, a, "")
		if len(d) == 0 {
			return
		}
		if best == nil || len(d) < len(best) || actionKey(m) == key {
			best = d
		}
	}
	if best == nil {
		t.Errorf("PROTOCOL.md:%d: no example call above returned a %s action", b.line, typ)
		return
	}
	t.Errorf("PROTOCOL.md:%d: the %s example (key %s) matches no action the calls above returned; the closest differs:\n  %s",
		b.line, typ, key, strings.Join(best, "\n  "))
}

func actionKey(m map[string]any) string {
	typ, _ := m["type"].(string)
	inner, _ := m[typ].(map[string]any)
	key, _ := inner["key"].(string)
	return key
}

// TestProtocolFramingExample: the framing example's Content-Length is
// the length of the body it shows.
func TestProtocolFramingExample(t *testing.T) {
	for _, b := range readBlocks(t, "PROTOCOL.md") {
		lines := strings.Split(strings.TrimSpace(b.text), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "Content-Length: ") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(lines[0], "Content-Length: "), `\r\n`))
		if err != nil {
			t.Fatalf("PROTOCOL.md:%d: %v", b.line, err)
		}
		if body := lines[2]; n != len(body) {
			t.Errorf("PROTOCOL.md:%d: Content-Length %d, but the body is %d bytes", b.line, n, len(body))
		}
		return
	}
	t.Fatal("PROTOCOL.md has no framing example")
}
