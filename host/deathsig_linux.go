package host

import (
	"os/exec"
	"syscall"
)

// dieWithHost has the kernel send the module SIGTERM when the host dies,
// however it dies: a belt-and-braces measure beside the module's own
// watch of its input (and, in go-plugin mode, of its parent). The signal
// is tied to the OS thread that starts the module; Go ends such a thread
// only when a goroutine locked to it exits, which Launch's callers do not
// do while the module should run.
func dieWithHost(cmd *exec.Cmd) {
	if !deathSignal {
		return
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGTERM
}
