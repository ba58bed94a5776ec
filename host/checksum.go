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

// verifiedImage reads the module binary once and returns its bytes if
// their SHA-256 is want (hex); Launch then runs exactly these bytes.
func verifiedImage(path, want string) ([]byte, error) {
	image, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("host: checksum of module binary: %w", err)
	}
	sum := sha256.Sum256(image)
	got := hex.EncodeToString(sum[:])
	want = strings.ToLower(strings.TrimSpace(want))
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return nil, fmt.Errorf("%w: %s has sha256 %s, expected %s", ErrChecksumMismatch, path, got, want)
	}
	return image, nil
}
