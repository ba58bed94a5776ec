package host

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// verified caches, for the life of the host process, a sealed in-memory
// copy of each module binary whose checksum was checked, with the file's
// identity when it was read. A billing core that launches the module for
// every operation hashes it once; the file is hashed again whenever it
// changes on disk (another inode, size, mtime or ctime).
var verified = struct {
	sync.Mutex
	images map[string]verifiedImageFile
}{images: map[string]verifiedImageFile{}}

type verifiedImageFile struct {
	file *os.File
	id   fileID
}

// fileID is what changes when a file is replaced or written.
type fileID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime syscall.Timespec
}

func identify(path string) (fileID, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return fileID{}, fmt.Errorf("host: module binary: %w", err)
	}
	return fileID{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim, ctime: st.Ctim}, nil
}

// verifiedExecutable returns what to exec for the module at path whose
// SHA-256 must be want: /proc/self/fd/N of a sealed memfd holding exactly
// the bytes that were checked (no write, grow, shrink or reseal), so a file
// swapped between the check and the exec never runs.
func verifiedExecutable(path, want string) (string, error) {
	key := path + "\x00" + strings.ToLower(strings.TrimSpace(want))
	id, err := identify(path)
	if err != nil {
		return "", err
	}
	verified.Lock()
	defer verified.Unlock()
	if v, ok := verified.images[key]; ok && v.id == id {
		return procPath(v.file), nil
	}
	image, err := verifiedImage(path, want)
	if err != nil {
		return "", err
	}
	f, err := sealedFile(filepath.Base(path), image)
	if err != nil {
		return "", err
	}
	if old, ok := verified.images[key]; ok {
		old.file.Close()
	}
	verified.images[key] = verifiedImageFile{file: f, id: id}
	return procPath(f), nil
}

// procPath is the path that execs f: the child execs /proc/self/fd/N before
// close-on-exec closes N.
func procPath(f *os.File) string { return fmt.Sprintf("/proc/self/fd/%d", f.Fd()) }

func sealedFile(name string, image []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, fmt.Errorf("host: sealed copy of the module: %w", err)
	}
	f := os.NewFile(uintptr(fd), name)
	if _, err := f.Write(image); err != nil {
		f.Close()
		return nil, fmt.Errorf("host: sealed copy of the module: %w", err)
	}
	seals := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	if _, err := unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS, seals); err != nil {
		f.Close()
		return nil, fmt.Errorf("host: sealing the module copy: %w", err)
	}
	return f, nil
}
