package main

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"time"
)

// note prints a line on stderr (a hook's output, shown when it fails) and, when the process runs
// inside a sidecar container, also on the container's log: the stdout of its PID 1. That is how a
// sidecar's own log shows when the helper found it ready or released it (the apps exited). PID 1
// counts as a sidecar's when its environment has IS_INJECTED=true (Kruise's injection sets it on
// every sidecar) or the HOSTNAME (the pod name) we have, so nothing is written to a host's init.
func note(format string, a ...any) {
	line := fmt.Sprintf("podvisor-sidecar %s: %s\n", time.Now().UTC().Format(time.RFC3339Nano), fmt.Sprintf(format, a...))
	fmt.Fprint(os.Stderr, line)
	if !pid1IsOurs() {
		return
	}
	if f := openPid1Stdout(); f != nil {
		_, _ = f.WriteString(line)
		f.Close()
	}
}

// openPid1Stdout opens PID 1's stdout: through /proc when it is a pipe or a file (a container
// runtime's log FIFO), else — a socket cannot be opened by path, and podvisor's process backend
// hands its containers socket pairs — by duplicating the descriptor with pidfd_getfd (Linux 5.6).
func openPid1Stdout() *os.File {
	if f, err := os.OpenFile("/proc/1/fd/1", os.O_WRONLY|os.O_APPEND, 0); err == nil {
		return f
	}
	pidfd, _, errno := syscall.Syscall(sysPidfdOpen, 1, 0, 0)
	if errno != 0 {
		return nil
	}
	defer syscall.Close(int(pidfd))
	fd, _, errno := syscall.Syscall(sysPidfdGetfd, pidfd, 1, 0)
	if errno != 0 {
		return nil
	}
	return os.NewFile(fd, "pid1-stdout")
}

// The pidfd system call numbers are the same on every Linux architecture.
const (
	sysPidfdOpen  = 434
	sysPidfdGetfd = 438
)

func pid1IsOurs() bool {
	if os.Getpid() == 1 {
		return false
	}
	environ, err := os.ReadFile("/proc/1/environ")
	if err != nil {
		return false
	}
	hostname := os.Getenv("HOSTNAME")
	for _, entry := range bytes.Split(environ, []byte{0}) {
		if string(entry) == "IS_INJECTED=true" || (hostname != "" && string(entry) == "HOSTNAME="+hostname) {
			return true
		}
	}
	return false
}
