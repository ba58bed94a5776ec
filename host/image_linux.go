package host

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// sealedExecutable copies the checked bytes of the module into a sealed
// in-memory file and returns a path that executes it, so that what runs is
// exactly what was checked, even if the file on disk is swapped between the
// check and the exec. release closes it once the module has started.
func sealedExecutable(name string, image []byte) (path string, release func(), err error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return "", nil, fmt.Errorf("host: sealed copy of the module: %w", err)
	}
	f := os.NewFile(uintptr(fd), name)
	if _, err := f.Write(image); err != nil {
		f.Close()
		return "", nil, fmt.Errorf("host: sealed copy of the module: %w", err)
	}
	seals := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	if _, err := unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS, seals); err != nil {
		f.Close()
		return "", nil, fmt.Errorf("host: sealing the module copy: %w", err)
	}
	// The child execs /proc/self/fd/N before close-on-exec closes N.
	return fmt.Sprintf("/proc/self/fd/%d", f.Fd()), func() { f.Close() }, nil
}
