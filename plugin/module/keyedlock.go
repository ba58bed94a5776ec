package module

import (
	"context"
	"sync"
)

// keyedLock is one mutex per key, created on first use and dropped when
// nobody holds or waits for it. Its zero value is ready.
type keyedLock struct {
	mu    sync.Mutex
	locks map[string]*keyEntry
}

type keyEntry struct {
	// turn holds a token while the key is free.
	turn  chan struct{}
	users int
}

// lock takes key's mutex, or gives up when ctx ends. unlock releases it.
func (k *keyedLock) lock(ctx context.Context, key string) (unlock func(), err error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyEntry{}
	}
	e := k.locks[key]
	if e == nil {
		e = &keyEntry{turn: make(chan struct{}, 1)}
		e.turn <- struct{}{}
		k.locks[key] = e
	}
	e.users++
	k.mu.Unlock()
	release := func() {
		k.mu.Lock()
		defer k.mu.Unlock()
		if e.users--; e.users == 0 {
			delete(k.locks, key)
		}
	}
	select {
	case <-e.turn:
		return func() { e.turn <- struct{}{}; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}
