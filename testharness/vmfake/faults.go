package vmfake

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"osaddon/plugin/vmmanager"
)

// faults are the failures a fake injects; guarded by Fake.mu.
type faults struct {
	down        bool
	latency     time.Duration
	failN       int
	failStatus  int
	failMatch   string
	malformN    int
	truncateN   int
	dropN       int
	dropMatch   string
	expireAfter int // -1: off
	requests    int
}

// fault is what happens to one request.
type fault int

const (
	faultNone fault = iota
	faultDown
	faultStatus
	faultMalformed
	faultTruncated
	faultDropAnswer
)

// MalformedBody is what a malformed answer carries: neither XML nor JSON.
const MalformedBody = "\x00<<garbage from a broken proxy>> {"

// SetDown makes the fake close every connection without answering, as a
// crashed panel behind a load balancer does; false brings it back.
func (f *Fake) SetDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.down = down
}

// Stop closes the listener for good: connections are refused.
func (f *Fake) Stop() { f.server.Close() }

// SetLatency delays every answer by d (or until the client gives up).
func (f *Fake) SetLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.latency = d
}

// FailNext answers the next n requests with the HTTP status, e.g. 500 or
// 503; later requests succeed.
func (f *Fake) FailNext(n, status int) { f.FailNextOn("", n, status) }

// FailNextOn is FailNext for the requests whose key holds match; the key
// is "METHOD /path?func=FUNC", e.g. "func=vm.edit" or "POST /vm/v3/host?".
func (f *Fake) FailNextOn(match string, n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.failN, f.faults.failStatus, f.faults.failMatch = n, status, match
}

// MalformNext answers the next n requests with MalformedBody.
func (f *Fake) MalformNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.malformN = n
}

// TruncateNext cuts the next n answers in half: the connection closes
// before the declared Content-Length is reached.
func (f *Fake) TruncateNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.truncateN = n
}

// DropAnswerOn carries out the next n requests whose key holds match
// (see FailNextOn), then closes the connection without answering: the
// panel did the work, but the answer is lost on the way, as when a proxy
// or the network fails, or the caller dies.
func (f *Fake) DropAnswerOn(match string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.dropN, f.faults.dropMatch = n, match
}

// CreateMatch is the request key of a create on this kind of panel, for
// FailNextOn and DropAnswerOn.
func (f *Fake) CreateMatch() string {
	if f.kind == vmmanager.KindV6 {
		return "POST /vm/v3/host?"
	}
	return "func=vm.edit"
}

// Requests counts the requests received, faulty ones included.
func (f *Fake) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.faults.requests
}

// takeFault picks the fault for one request and consumes it.
func (f *Fake) takeFault(r *http.Request) (fault, time.Duration, int) {
	key := r.Method + " " + r.URL.Path + "?func=" + r.URL.Query().Get("func")
	f.mu.Lock()
	defer f.mu.Unlock()
	fl := &f.faults
	fl.requests++
	switch {
	case fl.down:
		return faultDown, fl.latency, 0
	case fl.dropN > 0 && strings.Contains(key, fl.dropMatch):
		fl.dropN--
		return faultDropAnswer, fl.latency, 0
	case fl.failN > 0 && strings.Contains(key, fl.failMatch):
		fl.failN--
		return faultStatus, fl.latency, fl.failStatus
	case fl.malformN > 0:
		fl.malformN--
		return faultMalformed, fl.latency, 0
	case fl.truncateN > 0:
		fl.truncateN--
		return faultTruncated, fl.latency, 0
	}
	return faultNone, fl.latency, 0
}

// withFaults wraps the panel's handler with the injected faults.
func (f *Fake) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind, latency, status := f.takeFault(r)
		if latency > 0 {
			t := time.NewTimer(latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch kind {
		case faultDown:
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		case faultDropAnswer:
			next.ServeHTTP(httptest.NewRecorder(), r)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		case faultStatus:
			http.Error(w, http.StatusText(status), status)
		case faultMalformed:
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(MalformedBody))
		case faultTruncated:
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body[:len(body)/2])
		default:
			next.ServeHTTP(w, r)
		}
	})
}
