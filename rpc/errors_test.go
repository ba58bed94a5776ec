package rpc_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sourcegraph/jsonrpc2"

	"osaddon/rpc"
)

func asError(err error, target **rpc.Error) bool { return errors.As(err, target) }

func TestErrorMapsToJSONRPCAndBack(t *testing.T) {
	orig := rpc.Errorf(rpc.CodeUnknownCurrency, "service.account.currency", "%q is not an ISO 4217 code", "EUX")
	je := rpc.ToJSONRPC(fmt.Errorf("wrapped: %w", orig))
	if je.Code != int64(rpc.CodeUnknownCurrency) || je.Message != `service.account.currency: "EUX" is not an ISO 4217 code` {
		t.Fatalf("jsonrpc error = %d %q", je.Code, je.Message)
	}
	back := rpc.FromJSONRPC(je)
	var e *rpc.Error
	if !errors.As(back, &e) || *e != *orig || e.Error() != je.Message {
		t.Fatalf("back = %#v, want %#v naming its field once", back, orig)
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	je := rpc.ToJSONRPC(errors.New("dial tcp 10.0.0.5:1500: password=hunter2"))
	if je.Code != int64(rpc.CodeInternalError) || je.Message != "internal error" {
		t.Fatalf("jsonrpc error = %d %q, want a generic internal error", je.Code, je.Message)
	}
}

func TestDomainCodesInRange(t *testing.T) {
	for _, c := range []rpc.Code{rpc.CodeUnsupportedProtocol, rpc.CodeNotInitialized, rpc.CodeMessageTooLarge,
		rpc.CodeNotConfigured, rpc.CodeAlreadyInitialized, rpc.CodeStopping, rpc.CodeUnknownTariff, rpc.CodeUnknownCurrency, rpc.CodePriceMissing,
		rpc.CodeInvalidAmount, rpc.CodeInvalidPeriod, rpc.CodeInvalidCatalog, rpc.CodeUnknownConnection,
		rpc.CodeVMmanagerUnavailable, rpc.CodeVMmanagerRefused, rpc.CodeVMNotFound, rpc.CodeHostCallback} {
		if c > -32000 || c < -32099 {
			t.Errorf("code %d outside -32000..-32099", c)
		}
	}
	var _ *jsonrpc2.Error = (&rpc.Error{}).JSONRPC()
}

// TestEveryCodeIsDocumented: docs/PROTOCOL.md's error table has a row for
// each code the module answers.
func TestEveryCodeIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []rpc.Code{rpc.CodeParseError, rpc.CodeInvalidRequest, rpc.CodeMethodNotFound, rpc.CodeInvalidParams,
		rpc.CodeInternalError, rpc.CodeUnsupportedProtocol, rpc.CodeNotInitialized, rpc.CodeMessageTooLarge,
		rpc.CodeNotConfigured, rpc.CodeAlreadyInitialized, rpc.CodeStopping, rpc.CodeUnknownTariff, rpc.CodeUnknownCurrency,
		rpc.CodePriceMissing, rpc.CodeInvalidAmount, rpc.CodeInvalidPeriod, rpc.CodeInvalidCatalog, rpc.CodeUnknownConnection,
		rpc.CodeVMmanagerUnavailable, rpc.CodeVMmanagerRefused, rpc.CodeVMNotFound, rpc.CodeHostCallback} {
		if !strings.Contains(string(doc), fmt.Sprintf("\n| %d |", c)) {
			t.Errorf("code %d has no row in docs/PROTOCOL.md's error table", c)
		}
	}
}
