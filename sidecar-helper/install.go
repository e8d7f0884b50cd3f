package main

import (
	"io"
	"os"
	"path/filepath"
)

// BinaryName is the file the helper is installed as in the shared emptyDir.
const binaryName = "podvisor-sidecar"

// runInstall copies the running executable into DIR, atomically (a container that starts later
// never sees half a file), and creates the state folders the other commands use.
func runInstall(args []string) int {
	if len(args) != 1 {
		return fail("install needs one argument, the directory (the shared emptyDir's mountPath)")
	}
	dir := args[0]
	self, err := os.Executable()
	if err != nil {
		return fail("install: cannot find my own executable: %v", err)
	}
	for _, sub := range []string{appsDir(dir), universalDir(dir)} {
		if err := os.MkdirAll(sub, 0o777); err != nil {
			return fail("install: %v", err)
		}
		// emptyDir is world-writable; containers of the pod may run as other users.
		_ = os.Chmod(sub, 0o777)
	}
	if err := copyExecutable(self, filepath.Join(dir, binaryName)); err != nil {
		return fail("install: %v", err)
	}
	return 0
}

func copyExecutable(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(to), ".install-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), to)
}

func appsDir(state string) string      { return filepath.Join(state, "apps") }
func universalDir(state string) string { return filepath.Join(state, "universal") }
