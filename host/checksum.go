package host

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

// FileSHA256 returns the hex SHA-256 of the file at path.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// verifyChecksum refuses a binary whose SHA-256 is not want (hex).
func verifyChecksum(path, want string) error {
	got, err := FileSHA256(path)
	if err != nil {
		return fmt.Errorf("host: checksum of module binary: %w", err)
	}
	want = strings.ToLower(strings.TrimSpace(want))
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fmt.Errorf("%w: %s has sha256 %s, expected %s", ErrChecksumMismatch, path, got, want)
	}
	return nil
}
