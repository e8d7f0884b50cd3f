package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// How a sidecar learns that the pod's app containers have exited: each app's command is wrapped
// by `podvisor-sidecar app`, which holds an exclusive flock on apps/NAME.lock in the shared
// emptyDir while the app runs and records its exit status in apps/NAME.exit. The kernel drops
// the lock when the wrapper dies, even by SIGKILL, so a lock that can be taken means "not
// running" without trusting anyone to clean up; the .exit record says how it ended, when it
// ended normally.

type appState int

const (
	appNotStarted appState = iota
	appRunning
	appExited
)

type appObservation struct {
	state appState
	// exitCode is the recorded status; -1 when none was recorded (killed before it could write).
	exitCode int
}

func lockPath(state, app string) string { return filepath.Join(appsDir(state), app+".lock") }
func exitPath(state, app string) string { return filepath.Join(appsDir(state), app+".exit") }

// observeApp tells whether the app's wrapper holds its lock, without ever blocking.
func observeApp(state, app string) appObservation {
	f, err := os.Open(lockPath(state, app))
	if err != nil {
		return appObservation{state: appNotStarted, exitCode: -1}
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return appObservation{state: appRunning, exitCode: -1}
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	code := -1
	if text, err := os.ReadFile(exitPath(state, app)); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(text))); err == nil {
			code = n
		}
	}
	return appObservation{state: appExited, exitCode: code}
}

// runApp wraps an app container's command: lock, run, record the exit, exit with its status.
func runApp(args []string) int {
	fs := newFlagSet("app")
	state := fs.String("state", "", "the shared emptyDir's mountPath")
	name := fs.String("name", "", "the app container's name")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	argv := fs.Args()
	if *state == "" || *name == "" || len(argv) == 0 {
		return fail("app needs --state, --name and -- COMMAND")
	}
	lock, err := acquireAppLock(*state, *name)
	if err != nil {
		// Without the lock the sidecar cannot see this app; run it anyway rather than fail the pod.
		fmt.Fprintf(os.Stderr, "podvisor-sidecar: %v; the sidecar will not see %s exit\n", err, *name)
		return execProgram(argv)
	}
	_ = os.Remove(exitPath(*state, *name))
	_, wait, err := startChild(argv)
	if err != nil {
		lock.Close()
		return fail("app %s: cannot start %q: %v", *name, argv[0], err)
	}
	code := wait()
	_ = os.WriteFile(exitPath(*state, *name), []byte(strconv.Itoa(code)+"\n"), 0o666)
	lock.Close()
	return code
}

func acquireAppLock(state, app string) (*os.File, error) {
	if err := os.MkdirAll(appsDir(state), 0o777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(lockPath(state, app), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	// Blocking: a previous run of this container may still be dying and hold it.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, errors.Join(fmt.Errorf("lock %s", lockPath(state, app)), err)
	}
	return f, nil
}

func splitNames(text string) []string {
	var names []string
	for _, n := range strings.Split(text, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}
