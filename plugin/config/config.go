package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"osaddon/internal/strictyaml"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
)

// MaxFileBytes is the largest config file accepted.
const MaxFileBytes = 1 << 20

// Sentinel errors.
var (
	// ErrTooLarge: the config file exceeds MaxFileBytes.
	ErrTooLarge = errors.New("config: file too large")
	// ErrEmpty: the config file holds no document.
	ErrEmpty = errors.New("config: empty document")
)

// Config is the module's config file.
type Config struct {
	// Limits bound what the module accepts.
	Limits Limits `yaml:"limits"`
	// Log sets the module's logging.
	Log Log `yaml:"log"`
	// Connections are the VMmanager installations (processing modules) the
	// module talks to, each with a unique name that services reference.
	Connections []vmmanager.Config `yaml:"connections"`
	// Policy prices changes; left out, pricing.DefaultPolicy applies, and
	// each key left out keeps its default.
	Policy pricing.Policy `yaml:"policy"`
	// Mapping maps templates to add-on values; left out,
	// mapping.DefaultConfig applies.
	Mapping mapping.Config `yaml:"mapping"`
}

// Connection returns the connection named name.
func (c *Config) Connection(name string) (vmmanager.Config, bool) {
	for _, conn := range c.Connections {
		if conn.Name == name {
			return conn, true
		}
	}
	return vmmanager.Config{}, false
}

// Floors and ceilings of the limits: below a floor the module could not
// work at all (a message limit too small for initialize, a callback
// deadline shorter than any billing core's page query).
const (
	MinMaxMessageBytes = 64 << 10
	MinCallbackTimeout = time.Second
	MaxCallbackTimeout = time.Hour
)

// Limits bound what the module accepts.
type Limits struct {
	// MaxMessageBytes is the largest JSON-RPC message accepted, at least
	// MinMaxMessageBytes; left out, rpc.DefaultMaxMessageBytes.
	MaxMessageBytes int64 `yaml:"max_message_bytes"`
	// MaxConcurrent bounds the requests served at once, at least 1; left
	// out, serve.DefaultMaxConcurrent.
	MaxConcurrent int `yaml:"max_concurrent"`
	// CallbackTimeout bounds each call back to the host
	// (billing/services), between MinCallbackTimeout and
	// MaxCallbackTimeout; left out, serve.DefaultCallbackTimeout.
	CallbackTimeout time.Duration `yaml:"callback_timeout"`
}

// Log sets the module's logging.
type Log struct {
	// Level is trace, debug, info, warn or error; empty means info.
	Level string `yaml:"level"`
}

// Load reads and validates the config file at path. Warnings (such as a
// file others can read) come back beside a valid config.
func Load(path string) (*Config, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	var warnings []string
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&0o077 != 0 {
		warnings = append(warnings, fmt.Sprintf(
			"config file %s is readable by others (mode %04o); it holds VMmanager passwords: chmod 600 it", path, fi.Mode().Perm()))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range cfg.Connections {
		warnings = append(warnings, c.Warnings()...)
	}
	return cfg, warnings, nil
}

// Parse decodes and validates a config document strictly.
func Parse(data []byte) (*Config, error) {
	if len(data) > MaxFileBytes {
		return nil, ErrTooLarge
	}
	// Defaults first: the decoder only overwrites the keys present.
	cfg := Config{Policy: pricing.DefaultPolicy(), Mapping: mapping.DefaultConfig()}
	if err := strictyaml.Decode(data, &cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate checks the values the decoder cannot.
func (c *Config) Validate() error {
	if err := c.Limits.Validate(); err != nil {
		return err
	}
	switch c.Log.Level {
	case "", "trace", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: log.level: %q is not one of trace, debug, info, warn, error", c.Log.Level)
	}
	seen := make(map[string]int, len(c.Connections))
	for i, conn := range c.Connections {
		if err := conn.Validate(); err != nil {
			return fmt.Errorf("config: connections[%d]: %w", i, err)
		}
		if j, dup := seen[conn.Name]; dup {
			return fmt.Errorf("config: connections[%d].name: %q is already the name of connections[%d]", i, conn.Name, j)
		}
		seen[conn.Name] = i
	}
	if err := c.Policy.Validate(); err != nil {
		return fmt.Errorf("config: policy: %w", err)
	}
	if err := c.Mapping.Validate(); err != nil {
		return fmt.Errorf("config: mapping: %w", err)
	}
	return nil
}

// Validate refuses a limit the module could not work with. The decoder
// leaves a key that is absent at 0, so 0 means the default; a key written
// as 0 is taken the same way.
func (l Limits) Validate() error {
	if l.MaxMessageBytes != 0 && l.MaxMessageBytes < MinMaxMessageBytes {
		return fmt.Errorf("config: limits.max_message_bytes: %d is below the floor of %d bytes (64 KiB): not even initialize would fit",
			l.MaxMessageBytes, MinMaxMessageBytes)
	}
	if l.MaxConcurrent < 0 {
		return fmt.Errorf("config: limits.max_concurrent: %d must be at least 1", l.MaxConcurrent)
	}
	if l.CallbackTimeout != 0 && (l.CallbackTimeout < MinCallbackTimeout || l.CallbackTimeout > MaxCallbackTimeout) {
		return fmt.Errorf("config: limits.callback_timeout: %s is not between %s and %s", l.CallbackTimeout, MinCallbackTimeout, MaxCallbackTimeout)
	}
	return nil
}
