package host

import "errors"

// Sentinel errors.
var (
	// ErrChecksumMismatch: the module binary is not the one expected; it
	// was not started.
	ErrChecksumMismatch = errors.New("host: module binary checksum mismatch")
	// ErrNoChecksum: Options.SHA256 is empty and SkipChecksum is not set.
	ErrNoChecksum = errors.New("host: no expected module checksum given")
	// ErrNoCallbacks: the module called back but Options.Host is nil.
	ErrNoCallbacks = errors.New("host: no callback handler configured")
)
