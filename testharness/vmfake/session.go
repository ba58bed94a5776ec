package vmfake

import "strconv"

// login opens a session for valid credentials; the key is "" otherwise.
func (f *Fake) login(user, pass string) string {
	if user != Username || pass != Password {
		return ""
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextKey++
	key := "key" + strconv.Itoa(f.nextKey) + "-" + f.kind
	f.sessions[key] = true
	return key
}

// validSession reports whether key is a live session, applying a pending
// ExpireSessionsAfter.
func (f *Fake) validSession(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.sessions[key] {
		return false
	}
	switch {
	case f.faults.expireAfter == 0:
		f.faults.expireAfter = -1
		f.sessions = map[string]bool{}
		return false
	case f.faults.expireAfter > 0:
		f.faults.expireAfter--
	}
	return true
}

// ExpireSessions drops every session now, as an idle timeout would.
func (f *Fake) ExpireSessions() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sessions = map[string]bool{}
}

// ExpireSessionsAfter lets n more authenticated requests through, then
// drops every session: set n to land the expiry in the middle of a run or
// between the pages of a listing.
func (f *Fake) ExpireSessionsAfter(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults.expireAfter = n
}

// Logins counts the sessions opened so far.
func (f *Fake) Logins() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nextKey
}
