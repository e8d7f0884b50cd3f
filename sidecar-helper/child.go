package main

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// forwardedSignals are passed on to the wrapped program. The wrapper is the container's PID 1,
// so the kernel delivers these to it only because it handles them (docs/process-backend.md,
// "PID 1 signal semantics"); the program then gets them as an ordinary process would.
var forwardedSignals = []os.Signal{
	syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2,
}

// startChild starts argv with this process's stdio and environment and forwards signals to it.
// The returned wait function returns its exit status: the code, or 128+N for a signal death
// (what the container runtime reports for a container whose PID 1 died of signal N).
func startChild(argv []string) (*exec.Cmd, func() int, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, forwardedSignals...)
	if err := cmd.Start(); err != nil {
		signal.Stop(signals)
		return nil, nil, err
	}
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-signals:
				_ = cmd.Process.Signal(sig)
			case <-stop:
				return
			}
		}
	}()
	wait := func() int {
		err := cmd.Wait()
		close(stop)
		signal.Stop(signals)
		return exitStatus(cmd, err)
	}
	return cmd, wait, nil
}

func exitStatus(cmd *exec.Cmd, err error) int {
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return 127
	}
	status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ok && status.Signaled() {
		return 128 + int(status.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

// execProgram replaces this process with argv (PATH lookup as a shell would), so the sidecar's
// own program becomes the container's PID 1 with its own signal dispositions.
func execProgram(argv []string) int {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return fail("exec %q: %v", argv[0], err)
	}
	err = syscall.Exec(path, argv, os.Environ())
	return fail("exec %q: %v", path, err)
}
