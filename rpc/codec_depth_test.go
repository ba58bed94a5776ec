package rpc

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzNestedDeeper: on valid JSON, nestedDeeper agrees with the nesting
// encoding/json's tokenizer sees; on anything else it returns.
func FuzzNestedDeeper(f *testing.F) {
	f.Add(`{"a":[1,{"b":"[[[{"}]}`)
	f.Add(`["\\\"[[[[", [[[]]]]`)
	f.Add(`[[[[]]]]`)
	f.Add(`{"x":"\u005b"}`)
	f.Add(strings.Repeat("[", 10) + strings.Repeat("]", 9))
	const limit = 3
	f.Fuzz(func(t *testing.T, body string) {
		got := nestedDeeper([]byte(body), limit)
		if !json.Valid([]byte(body)) {
			return
		}
		if want := tokenDepth(body) > limit; got != want {
			t.Fatalf("nestedDeeper(%q, %d) = %t, want %t", body, limit, got, want)
		}
	})
}

// tokenDepth is the deepest nesting of valid JSON, by encoding/json.
func tokenDepth(body string) int {
	dec := json.NewDecoder(strings.NewReader(body))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}
