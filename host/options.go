package host

import (
	"time"

	"github.com/hashicorp/go-hclog"

	"osaddon/rpc"
)

// Mode is how the module is launched.
type Mode int

// Launch modes.
const (
	// ModeGoPlugin launches through hashicorp/go-plugin: handshake, graceful
	// kill, stray stdout kept out of the protocol.
	ModeGoPlugin Mode = iota
	// ModeStdio execs the module and talks on its pipes, as any billing
	// core in any language can.
	ModeStdio
)

// String returns the mode's name.
func (m Mode) String() string {
	if m == ModeStdio {
		return "stdio"
	}
	return "go-plugin"
}

// Options say which module to run and how.
type Options struct {
	// Path is the module binary.
	Path string
	// SHA256 is the binary's expected SHA-256, in hex. Launch refuses a
	// binary that does not match, before it runs anything, and runs the
	// very bytes it checked (a sealed in-memory copy, on Linux). The copy
	// is kept for later launches until the file changes on disk, so a
	// billing core that launches the module per operation hashes it once.
	SHA256 string
	// SkipChecksum allows an empty SHA256, for development only.
	SkipChecksum bool
	// Mode is the launch mode.
	Mode Mode
	// ConfigPath is passed to the module as --config when set.
	ConfigPath string
	// Args are more command-line arguments for the module.
	Args []string
	// Env is more environment for the module, as KEY=VALUE.
	Env []string
	// Logger receives the host SDK's logs and the module's stderr lines at
	// their level; nil discards them.
	Logger hclog.Logger
	// Host answers the module's callbacks; nil answers them with errors.
	Host rpc.Host
	// Name and Version describe the billing core in initialize.
	Name, Version string
	// MaxMessageBytes limits messages from the module; 0 means
	// rpc.DefaultMaxMessageBytes.
	MaxMessageBytes int64
	// StartTimeout bounds launch through initialize; 0 means 30 s.
	StartTimeout time.Duration
	// StopTimeout is how long Close waits for a graceful exit before it
	// kills; 0 means 5 s.
	StopTimeout time.Duration
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = hclog.NewNullLogger()
	}
	if o.Name == "" {
		o.Name = "osaddon-host"
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = 30 * time.Second
	}
	if o.StopTimeout == 0 {
		o.StopTimeout = 5 * time.Second
	}
}
