package config

import (
	"errors"
	"fmt"
	"io"
	"os"

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

// Limits bound what the module accepts.
type Limits struct {
	// MaxMessageBytes is the largest JSON-RPC message accepted; 0 keeps
	// rpc.DefaultMaxMessageBytes.
	MaxMessageBytes int64 `yaml:"max_message_bytes"`
	// MaxConcurrent bounds the requests served at once; 0 keeps the
	// default.
	MaxConcurrent int `yaml:"max_concurrent"`
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
	if c.Limits.MaxMessageBytes < 0 {
		return fmt.Errorf("config: limits.max_message_bytes: must not be negative")
	}
	if c.Limits.MaxConcurrent < 0 {
		return fmt.Errorf("config: limits.max_concurrent: must not be negative")
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
