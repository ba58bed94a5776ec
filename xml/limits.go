package xml

// Default limits applied where a Limits field is zero.
const (
	DefaultMaxBytes    = 256 << 20
	DefaultMaxTokenLen = 64 << 10
	DefaultMaxDepth    = 32
)

// Limits bounds what a decoder accepts. Zero fields take the defaults.
type Limits struct {
	// MaxBytes caps the whole document; it also bounds the memory any one
	// token can take before MaxTokenLen is checked.
	MaxBytes int64
	// MaxTokenLen caps one text node or attribute value, in bytes.
	MaxTokenLen int
	// MaxDepth caps element nesting; <doc> is depth 1.
	MaxDepth int
}

// withDefaults returns l with zero fields replaced by the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxTokenLen <= 0 {
		l.MaxTokenLen = DefaultMaxTokenLen
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}
