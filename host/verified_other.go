//go:build !linux

package host

// verifiedExecutable checks the module at path and returns the path to
// exec. Without sealed in-memory files the module runs from its path,
// checked just before, which leaves a short window to swap the file.
func verifiedExecutable(path, want string) (string, error) {
	if _, err := verifiedImage(path, want); err != nil {
		return "", err
	}
	return path, nil
}
