package vmmanager

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// Connection kinds.
const (
	KindV5 = "vmmanager5"
	KindV6 = "vmmanager6"
)

// Defaults applied by WithDefaults where a field is zero.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultRetries          = 3
	DefaultBackoff          = 500 * time.Millisecond
	DefaultMaxResponseBytes = 256 << 20
)

// maxRetries bounds Retries so a typo cannot stall a sync run.
const maxRetries = 10

// Config is one VMmanager connection, as read from the module's YAML.
type Config struct {
	// Name identifies the connection (the processing module) in errors and logs.
	Name string `yaml:"name"`
	// Kind is "vmmanager5" or "vmmanager6".
	Kind string `yaml:"kind"`
	// URL is the panel's base URL, e.g. https://host:1500 (v5: /vmmgr is
	// appended when the path is empty).
	URL string `yaml:"url"`
	// Username is the panel login (v6: the e-mail).
	Username string `yaml:"username"`
	// Password is never logged nor put in an error.
	Password string `yaml:"password"`
	// InsecureSkipVerify turns TLS certificate checks off for this
	// connection only; the default is to verify.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify"`
	// Timeout bounds one HTTP call, reading the body included.
	Timeout time.Duration `yaml:"timeout"`
	// Retries is how many times a failed idempotent call is repeated. In
	// YAML, 0 means none and an absent key means DefaultRetries.
	Retries Retries `yaml:"retries"`
	// Cluster is the VMmanager 6 cluster id new VMs are created in; 0 lets
	// the panel choose. VMmanager 5 ignores it.
	Cluster int `yaml:"cluster"`
	// Backoff is the first wait between retries; it doubles, with jitter.
	Backoff time.Duration `yaml:"backoff"`
	// MaxResponseBytes caps the size of one answer.
	MaxResponseBytes int64 `yaml:"max_response_bytes"`
}

// WithDefaults returns c with zero Timeout, Retries, Backoff and
// MaxResponseBytes set to the defaults. A negative Retries means none.
func (c Config) WithDefaults() Config {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Retries == 0 {
		c.Retries = DefaultRetries
	} else if c.Retries < 0 {
		c.Retries = 0
	}
	if c.Backoff == 0 {
		c.Backoff = DefaultBackoff
	}
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return c
}

// Validate reports the first invalid field, naming it.
func (c Config) Validate() error {
	if c.Name == "" {
		return errors.New("vmmanager: config: name is required")
	}
	if c.Kind != KindV5 && c.Kind != KindV6 {
		return fmt.Errorf("vmmanager: config %q: kind must be %q or %q, got %q", c.Name, KindV5, KindV6, c.Kind)
	}
	if c.URL == "" {
		return fmt.Errorf("vmmanager: config %q: url is required", c.Name)
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("vmmanager: config %q: url must be an absolute http or https URL", c.Name)
	}
	if u.User != nil || u.RawQuery != "" {
		return fmt.Errorf("vmmanager: config %q: url must not carry credentials or a query; use username and password", c.Name)
	}
	if c.Username == "" {
		return fmt.Errorf("vmmanager: config %q: username is required", c.Name)
	}
	if c.Password == "" {
		return fmt.Errorf("vmmanager: config %q: password is required", c.Name)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("vmmanager: config %q: timeout must not be negative", c.Name)
	}
	if c.Retries > maxRetries {
		return fmt.Errorf("vmmanager: config %q: retries must be at most %d, got %d", c.Name, maxRetries, c.Retries)
	}
	if c.Cluster < 0 {
		return fmt.Errorf("vmmanager: config %q: cluster must not be negative", c.Name)
	}
	if c.Backoff < 0 {
		return fmt.Errorf("vmmanager: config %q: backoff must not be negative", c.Name)
	}
	if c.MaxResponseBytes < 0 {
		return fmt.Errorf("vmmanager: config %q: max_response_bytes must not be negative", c.Name)
	}
	return nil
}

// Warnings lists what is valid but unwise in the connection, such as a
// plain-HTTP URL that sends the panel password in clear.
func (c Config) Warnings() []string {
	var out []string
	if u, err := url.Parse(c.URL); err == nil && u.Scheme == "http" {
		out = append(out, fmt.Sprintf("connection %q: url %s is plain HTTP: the panel password travels in clear; use https", c.Name, c.URL))
	}
	return out
}

// String describes the connection without its password.
func (c Config) String() string {
	return fmt.Sprintf("vmmanager.Config{name=%q kind=%q url=%q username=%q password=REDACTED insecure_skip_verify=%t timeout=%s retries=%d cluster=%d backoff=%s max_response_bytes=%d}",
		c.Name, c.Kind, c.URL, c.Username, c.InsecureSkipVerify, c.Timeout, c.Retries, c.Cluster, c.Backoff, c.MaxResponseBytes)
}

// GoString keeps %#v from printing the password.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from printing the password.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", c.Name),
		slog.String("kind", c.Kind),
		slog.String("url", c.URL),
		slog.String("username", c.Username),
		slog.Bool("insecure_skip_verify", c.InsecureSkipVerify),
		slog.Duration("timeout", c.Timeout),
		slog.Int("retries", int(c.Retries)),
		slog.Int("cluster", c.Cluster),
		slog.Duration("backoff", c.Backoff),
		slog.Int64("max_response_bytes", c.MaxResponseBytes),
	)
}
