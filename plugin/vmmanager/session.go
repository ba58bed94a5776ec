package vmmanager

import (
	"context"
	"sync"
)

// Session caches a panel's session key (v5) or token (v6). Concurrent
// callers share one login, and an expiry seen by many callers renews the
// key once: each caller drops only the generation it used.
type Session struct {
	login func(context.Context) (string, error)

	mu      sync.Mutex
	key     string // "" when logged out
	gen     int    // bumped at every login
	loginMu sync.Mutex
}

// NewSession returns a Session that logs in with login.
func NewSession(login func(context.Context) (string, error)) *Session {
	return &Session{login: login}
}

// Key returns the current key and its generation, logging in first when
// there is none.
func (s *Session) Key(ctx context.Context) (string, int, error) {
	if key, gen := s.current(); key != "" {
		return key, gen, nil
	}
	s.loginMu.Lock()
	defer s.loginMu.Unlock()
	if key, gen := s.current(); key != "" {
		return key, gen, nil
	}
	key, err := s.login(ctx)
	if err != nil {
		return "", 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = key
	s.gen++
	return s.key, s.gen, nil
}

func (s *Session) current() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.key, s.gen
}

// Drop forgets the key of generation gen, unless a newer login already
// replaced it.
func (s *Session) Drop(gen int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == gen {
		s.key = ""
	}
}

// Reset forgets the key whatever its generation, forcing a fresh login.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = ""
}
