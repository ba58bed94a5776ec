package rpc_test

import (
	"errors"
	"testing"

	"osaddon/rpc"
)

// TestParamsErrorsSpeakJSON: a wrong type anywhere in params is named by
// its whole path, list indexes included, and in JSON terms, never Go's.
func TestParamsErrorsSpeakJSON(t *testing.T) {
	for _, tc := range []struct{ params, field, message string }{
		{`{"service":[]}`, "service", "expected an object, got JSON array"},
		{`{"tariff":{"addon":{"values":[{"internal_name":"a"},{"prices":[{"months":"1"}]}]}}}`,
			"tariff.addon.values[1].prices[0].months", "expected an integer, got JSON string"},
		{`{"service":{"account":{"balance":1.5}}}`, "service.account.balance", `money must be a decimal string such as "12.50", got JSON number`},
		{`{"as_of":17}`, "as_of", "expected an RFC 3339 time string, got JSON number"},
		{`{"vm":{"cpus":1.5}}`, "vm.cpus", "expected an integer, got JSON number 1.5"},
		{`{"tariff":{"addon":{"values":{}}}}`, "tariff.addon.values", "expected an array, got JSON object"},
	} {
		var p rpc.OpenParams
		err := rpc.DecodeParamsBytes([]byte(tc.params), &p)
		var e *rpc.Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Message != tc.message {
			t.Errorf("%s: error = %#v, want %s: %s", tc.params, err, tc.field, tc.message)
		}
	}
}

// FuzzDecodeParamsErrors: whatever params arrive, a refusal is an
// InvalidParams *rpc.Error whose message names no Go type.
func FuzzDecodeParamsErrors(f *testing.F) {
	f.Add(`{"service":{"account":{"balance":1.5}}}`)
	f.Add(`{"tariff":{"addon":{"values":[{"prices":[{"months":"1"}]}]}},"as_of":7}`)
	f.Add(`{"vm":{"cpus":[]},"service":{"period_start":"x"}}`)
	f.Fuzz(func(t *testing.T, params string) {
		var p rpc.OpenParams
		err := rpc.DecodeParamsBytes([]byte(params), &p)
		if err == nil {
			return
		}
		var e *rpc.Error
		if !errors.As(err, &e) || e.Code != rpc.CodeInvalidParams || e.Field == "" {
			t.Fatalf("error = %#v", err)
		}
		if goTypeName.MatchString(e.Message) {
			t.Fatalf("message names a Go type: %s", e.Message)
		}
	})
}
