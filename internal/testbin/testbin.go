// Package testbin builds the project's binaries for tests that run them as
// real processes, once per test binary.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Module is the import path of the module binary.
const Module = "osaddon/plugin/cmd/pmosaddon"

// MustBuild builds the packages into a temporary directory and returns
// each binary's path, by package, and a func that removes them. A failed
// build exits the test binary: nothing can be tested without it. Call it
// from TestMain.
func MustBuild(pkgs ...string) (map[string]string, func()) {
	dir, err := os.MkdirTemp("", "osaddon-testbin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bins := map[string]string{}
	for _, pkg := range pkgs {
		bin := filepath.Join(dir, filepath.Base(pkg))
		build := exec.Command("go", "build", "-o", bin, pkg)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "building %s: %v\n", pkg, err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
		bins[pkg] = bin
	}
	return bins, func() { os.RemoveAll(dir) }
}
