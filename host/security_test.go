package host_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"osaddon/host"
)

// copyFile copies src to dst with mode 0755.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSwappedBinaryIsRefused: the checksum is taken of the real module,
// then the file is replaced, by a script or by the module with one byte
// more; Launch refuses it before running anything, in both modes. The
// untouched copy launches, so the refusal is the checksum's doing.
func TestSwappedBinaryIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pmosaddon")
	marker := filepath.Join(dir, "ran")
	copyFile(t, moduleBin, path)
	sum, err := host.FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	launch := func(mode host.Mode, sum string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := host.Launch(ctx, host.Options{Path: path, SHA256: sum, Mode: mode, StartTimeout: 20 * time.Second})
		if err == nil {
			c.Close()
		}
		return err
	}
	for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
		// The untouched binary, its checksum in upper case with a newline
		// as sha256sum files have it.
		if err := launch(mode, strings.ToUpper(sum)+"\n"); err != nil {
			t.Fatalf("%s: the untouched binary: %v", mode, err)
		}
	}
	swaps := []struct {
		name string
		swap func(t *testing.T)
	}{
		{"replaced by a script", func(t *testing.T) {
			if err := os.WriteFile(path, []byte("#!/bin/sh\ntouch "+marker+"\nexec "+moduleBin+" \"$@\"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"one byte appended", func(t *testing.T) {
			copyFile(t, moduleBin, path)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write([]byte{0}); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}},
		{"removed", func(t *testing.T) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, sw := range swaps {
		t.Run(sw.name, func(t *testing.T) {
			sw.swap(t)
			for _, mode := range []host.Mode{host.ModeStdio, host.ModeGoPlugin} {
				err := launch(mode, sum)
				if err == nil {
					t.Fatalf("%s: a swapped binary was launched", mode)
				}
				if sw.name != "removed" && !errors.Is(err, host.ErrChecksumMismatch) {
					t.Fatalf("%s: error = %v, want ErrChecksumMismatch", mode, err)
				}
			}
			if _, err := os.Stat(marker); err == nil {
				t.Fatal("the swapped binary ran")
			}
		})
	}
}

// TestMalformedChecksumIsRefused: a checksum that is no SHA-256 is refused
// as a mismatch, never taken as "no checksum".
func TestMalformedChecksumIsRefused(t *testing.T) {
	for _, sum := range []string{"abc", strings.Repeat("z", 64), " "} {
		_, err := host.Launch(context.Background(), host.Options{Path: moduleBin, SHA256: sum, Mode: host.ModeStdio})
		if !errors.Is(err, host.ErrChecksumMismatch) {
			t.Errorf("SHA256 %q: error = %v, want ErrChecksumMismatch", sum, err)
		}
	}
}
