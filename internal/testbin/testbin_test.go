package testbin

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBuildIsCached: a second Build of the same sources returns the same
// binary without building it again.
func TestBuildIsCached(t *testing.T) {
	first, err := Build(Module)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(first[Module])
	if err != nil {
		t.Fatal(err)
	}
	second, err := Build(Module)
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(second[Module])
	if err != nil {
		t.Fatal(err)
	}
	if second[Module] != first[Module] || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("rebuilt: %s (%v), then %s (%v)", first[Module], before.ModTime(), second[Module], after.ModTime())
	}
}

// TestSourceKeyFollowsSources: the key changes with a source file's
// content, a new source file and the Go version, and ignores files that
// go build ignores.
func TestSourceKeyFollowsSources(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	key := func(goVersion string) string {
		t.Helper()
		k, err := sourceKey(root, goVersion)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	write("go.mod", "module x\n")
	write("a/a.go", "package a\n")
	base := key("go1.26")
	write("README.md", "not a source\n")
	write("a/a_test.go", "package a\n")
	if key("go1.26") != base {
		t.Error("a file go build ignores changed the key")
	}
	if key("go1.27") == base {
		t.Error("the Go version did not change the key")
	}
	write("a/a.go", "package a // changed\n")
	changed := key("go1.26")
	if changed == base {
		t.Error("a changed source did not change the key")
	}
	write("b/b.go", "package b\n")
	if key("go1.26") == changed {
		t.Error("a new source did not change the key")
	}
}
