// Package testbin builds the project's binaries for tests that run them as
// real processes. Binaries go to a cache directory shared by every test
// binary, keyed by a hash of the project's sources, the Go toolchain and
// the build settings, so one `go test ./...` builds each binary once, not
// once per package, and a rerun with nothing changed builds nothing.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Module is the import path of the module binary.
const Module = "osaddon/plugin/cmd/pmosaddon"

// Harness is the import path of the harness binary.
const Harness = "osaddon/testharness/cmd/harness"

// CacheEnv names the environment variable that overrides the cache
// directory (default: testbin under the user's cache directory).
const CacheEnv = "OSADDON_TESTBIN_CACHE"

// staleAfter is how long a cached build of other sources stays before a
// build removes it; a test run using it touches it.
const staleAfter = 24 * time.Hour

// MustBuild returns each package's binary, by package, built without the
// race detector into the shared cache, which keeps them. A failed build
// exits the test binary: nothing can be tested without it. Call it from
// TestMain.
func MustBuild(pkgs ...string) map[string]string {
	bins, err := Build(pkgs...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testbin:", err)
		os.Exit(1)
	}
	return bins
}

// Build is MustBuild returning its error.
func Build(pkgs ...string) (map[string]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	goVersion, err := goEnv(root, "GOVERSION")
	if err != nil {
		return nil, err
	}
	key, err := sourceKey(root, goVersion)
	if err != nil {
		return nil, err
	}
	cache, err := cacheDir()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cache, key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lock(dir + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()
	now := time.Now()
	os.Chtimes(dir, now, now)
	bins := map[string]string{}
	for _, pkg := range pkgs {
		bin := filepath.Join(dir, filepath.Base(pkg))
		if _, err := os.Stat(bin); err != nil {
			if err := build(root, pkg, bin); err != nil {
				return nil, err
			}
		}
		bins[pkg] = bin
	}
	pruneStale(cache, key)
	return bins, nil
}

// build builds pkg to bin through a temporary name, so a build killed
// half-way never leaves a binary that looks whole.
func build(root, pkg, bin string) error {
	tmp := bin + ".building"
	cmd := exec.Command("go", "build", "-o", tmp, pkg)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("building %s: %w", pkg, err)
	}
	return os.Rename(tmp, bin)
}

// moduleRoot is the directory of the go.mod of the tests being run.
func moduleRoot() (string, error) {
	gomod, err := goEnv(".", "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

func goEnv(dir, name string) (string, error) {
	cmd := exec.Command("go", "env", name)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// buildEnv lists the environment variables that change what go build
// makes.
var buildEnv = []string{"GOFLAGS", "CGO_ENABLED", "GOOS", "GOARCH", "GOAMD64", "GOEXPERIMENT", "GOTOOLCHAIN"}

// sourceKey hashes the toolchain, the build environment and every Go
// source (tests aside), go.mod and go.sum file under root, by path and
// content.
func sourceKey(root, goVersion string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", goVersion)
	for _, name := range buildEnv {
		fmt.Fprintf(h, "%s=%s\n", name, os.Getenv(name))
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") || name == "go.mod" || name == "go.sum" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		f, err := os.Open(path)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "\x00%s\x00", rel)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

func cacheDir() (string, error) {
	if dir := os.Getenv(CacheEnv); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "osaddon-testbin"), nil
}

// lock takes an exclusive lock on path, waiting for another test binary
// that builds the same key.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// pruneStale removes the builds of other sources untouched for staleAfter.
func pruneStale(cache, keep string) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == keep {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		os.RemoveAll(filepath.Join(cache, e.Name()))
		os.Remove(filepath.Join(cache, e.Name()+".lock"))
	}
}
