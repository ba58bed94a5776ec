package vmmanager_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"osaddon/plugin/vmmanager"
	v5 "osaddon/plugin/vmmanager/v5"
	v6 "osaddon/plugin/vmmanager/v6"
)

const secretPassword = "tls-Pa55-word"

// newPanel builds a client of kind for url.
func newPanel(t *testing.T, kind, url string, edit func(*vmmanager.Config)) vmmanager.Panel {
	t.Helper()
	cfg := vmmanager.Config{Name: "tls-" + kind, Kind: kind, URL: url, Username: "admin@example.com",
		Password: secretPassword, Timeout: 2 * time.Second, Retries: -1, Backoff: time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	var p vmmanager.Panel
	var err error
	if kind == vmmanager.KindV5 {
		p, err = v5.New(cfg, nil)
	} else {
		p, err = v6.New(cfg, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTLSVerifiedByDefault: a panel with a self-signed certificate is
// refused with a TLS error before any request reaches it, unless the
// connection sets insecure_skip_verify.
func TestTLSVerifiedByDefault(t *testing.T) {
	var reached atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		http.Error(w, "no such thing", http.StatusNotFound)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	defer srv.Close()
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		t.Run(kind, func(t *testing.T) {
			before := reached.Load()
			_, err := newPanel(t, kind, srv.URL, nil).ListTemplates(context.Background())
			if !errors.Is(err, vmmanager.ErrUnreachable) {
				t.Fatalf("error = %v, want ErrUnreachable", err)
			}
			if !strings.Contains(err.Error(), "certificate") {
				t.Fatalf("error = %v, want a certificate error", err)
			}
			if reached.Load() != before {
				t.Fatal("a request reached the unverified server")
			}
			if strings.Contains(err.Error(), secretPassword) {
				t.Fatalf("error %v shows the password", err)
			}

			_, err = newPanel(t, kind, srv.URL, func(c *vmmanager.Config) { c.InsecureSkipVerify = true }).ListTemplates(context.Background())
			if reached.Load() == before {
				t.Fatalf("with insecure_skip_verify no request reached the server: %v", err)
			}
			if err != nil && strings.Contains(err.Error(), "certificate") {
				t.Fatalf("with insecure_skip_verify: %v", err)
			}
		})
	}
}

// TestTLSMinimumVersion: a panel that only speaks TLS 1.1 is refused even
// with insecure_skip_verify.
func TestTLSMinimumVersion(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		_, err := newPanel(t, kind, srv.URL, func(c *vmmanager.Config) { c.InsecureSkipVerify = true }).ListTemplates(context.Background())
		if !errors.Is(err, vmmanager.ErrUnreachable) || !strings.Contains(strings.ToLower(err.Error()), "version") {
			t.Errorf("%s: error = %v, want a protocol version refusal", kind, err)
		}
	}
}

// TestMaxResponseBytes: an answer larger than max_response_bytes is cut
// off and refused as malformed, without reading it all.
func TestMaxResponseBytes(t *testing.T) {
	const limit = 4 << 10
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(" ", 32<<10))
		for range 1024 { // 32 MiB of whitespace, if anyone reads it all
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		t.Run(kind, func(t *testing.T) {
			written.Store(0)
			_, err := newPanel(t, kind, srv.URL, func(c *vmmanager.Config) { c.MaxResponseBytes = limit }).ListTemplates(context.Background())
			// v6 reads through the transport's cap, v5's XML decoder
			// applies the same limit itself; both name it.
			if !errors.Is(err, vmmanager.ErrMalformed) || !strings.Contains(err.Error(), "4096") {
				t.Fatalf("error = %v, want ErrMalformed naming the limit of 4096 bytes", err)
			}
			srv.CloseClientConnections()
			if w := written.Load(); w >= 32<<20 {
				t.Fatalf("the server wrote all %d bytes: the answer was read to the end", w)
			}
		})
	}
}

// TestRedactedTransportErrors: a transport error carries no credentials,
// even when the URL is the one with the session key in it.
func TestRedactedTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
	}))
	defer srv.Close()
	for _, kind := range []string{vmmanager.KindV5, vmmanager.KindV6} {
		_, err := newPanel(t, kind, srv.URL, nil).ListTemplates(context.Background())
		if err == nil || !errors.Is(err, vmmanager.ErrUnreachable) {
			t.Fatalf("%s: error = %v, want ErrUnreachable", kind, err)
		}
		if strings.Contains(err.Error(), secretPassword) {
			t.Fatalf("%s: error %v shows the password", kind, err)
		}
	}
}
