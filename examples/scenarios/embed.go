// Package scenarios holds the example scenarios, embedded so the harness
// can run the flagship with no file at hand. Each file says at its top, in
// one sentence, what it shows.
package scenarios

import "embed"

// Files are the scenario files.
//
//go:embed *.yaml
var Files embed.FS

// Flagship is the file name of the scenario `harness demo` runs.
const Flagship = "flagship.yaml"
