//go:build !linux

package host

import "os/exec"

// dieWithHost has nothing to ask of the kernel here: the module leaves on
// its own when its input ends or, in go-plugin mode, its parent exits.
func dieWithHost(*exec.Cmd) {}
