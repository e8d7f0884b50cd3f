package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// The universal sidecar (the "universal injector" of the Kubernetes tutorial "Adopting Sidecar
// Containers", strategy 3): the sidecar is injected twice, as a native sidecar (an init container
// with restartPolicy Always) and as a regular container, and decides at run time through a marker
// file in the shared emptyDir, universal/NAME:
//
//	(none)          the native copy has not run
//	first-run       the native copy ran once and exited 0
//	native-running  the native copy was restarted — only a sidecar-aware kubelet restarts an init
//	                container that exited 0 — and now runs the sidecar
//	legacy-running  the regular copy found no native sidecar and runs the sidecar itself
//
// The native copy's startup probe (`universal probe`) succeeds only at native-running, so on a
// sidecar-aware node no later container starts before the native copy has become the sidecar and
// the regular copy always reads a settled marker. On an old node the native copy runs as a plain
// init container: it exits 0 and the pod goes on, and its probe is never run.

const (
	markerFirstRun      = "first-run"
	markerNativeRunning = "native-running"
	markerLegacyRunning = "legacy-running"
)

func markerPath(state, name string) string { return filepath.Join(universalDir(state), name) }

func readMarker(state, name string) string {
	text, err := os.ReadFile(markerPath(state, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(text))
}

func writeMarker(state, name, value string) error {
	if err := os.MkdirAll(universalDir(state), 0o777); err != nil {
		return err
	}
	tmp := markerPath(state, name) + ".tmp"
	if err := os.WriteFile(tmp, []byte(value+"\n"), 0o666); err != nil {
		return err
	}
	return os.Rename(tmp, markerPath(state, name))
}

func runUniversal(args []string) int {
	if len(args) == 0 {
		return fail("universal needs a role: native, regular or probe")
	}
	fs := newFlagSet("universal " + args[0])
	state := fs.String("state", "", "the shared emptyDir's mountPath")
	name := fs.String("name", "", "the sidecar's name")
	restartPolicy := fs.String("restart-policy", "Always", "the pod's restartPolicy")
	apps := fs.String("apps", "", "comma-separated app container names (regular role)")
	var ready readiness
	ready.register(fs)
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *state == "" || *name == "" {
		return fail("universal %s needs --state and --name", args[0])
	}
	switch args[0] {
	case "native":
		return universalNative(*state, *name, fs.Args())
	case "probe":
		// The output is the probe's failure message (the kubelet's Unhealthy event).
		if marker := readMarker(*state, *name); marker != markerNativeRunning {
			fmt.Fprintf(os.Stderr, "%s: not running as the native sidecar yet (marker %q)\n", *name, marker)
			return 1
		}
		if err := ready.check(context.Background()); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", *name, err)
			return 1
		}
		return 0
	case "regular":
		return universalRegular(*state, *name, *restartPolicy, splitNames(*apps), fs.Args())
	}
	return fail("universal: unknown role %q (native, regular or probe)", args[0])
}

func universalNative(state, name string, argv []string) int {
	if len(argv) == 0 {
		return fail("universal native needs -- COMMAND")
	}
	switch readMarker(state, name) {
	case "":
		if err := writeMarker(state, name, markerFirstRun); err != nil {
			return fail("universal native: %v", err)
		}
		note("%s: first run of the native copy; exiting 0 (a sidecar-aware kubelet restarts it)", name)
		return 0
	case markerLegacyRunning:
		// The pod's init containers ran again on an old node: the regular copy is the sidecar.
		note("%s: the regular copy runs the sidecar (no native sidecars here); exiting 0", name)
		return 0
	}
	if err := writeMarker(state, name, markerNativeRunning); err != nil {
		return fail("universal native: %v", err)
	}
	note("%s: restarted as a native sidecar; running it", name)
	return execProgram(argv)
}

func universalRegular(state, name, restartPolicy string, apps, argv []string) int {
	if len(argv) == 0 {
		return fail("universal regular needs -- COMMAND")
	}
	if readMarker(state, name) == markerNativeRunning {
		if restartPolicy != "Always" {
			note("%s: the native sidecar runs it; the regular copy exits 0", name)
			return 0
		}
		// Listening before saying so: a stop signal right after the note must not kill us.
		stop := stopSignals()
		note("%s: the native sidecar runs it; the regular copy stays idle", name)
		<-stop
		return 0
	}
	if err := writeMarker(state, name, markerLegacyRunning); err != nil {
		return fail("universal regular: %v", err)
	}
	if restartPolicy == "Always" || len(apps) == 0 {
		note("%s: no native sidecar on this node; the regular copy runs the sidecar", name)
		return execProgram(argv)
	}
	note("%s: no native sidecar on this node; the regular copy runs the sidecar until %s exit", name, strings.Join(apps, ", "))
	return runUntilAppsDone(state, name, restartPolicy, apps, argv)
}

// runUntilAppsDone runs the sidecar as a child and stops it once the apps are done, so a pod with
// restartPolicy Never or OnFailure (a Job's) completes on a node without native sidecars.
func runUntilAppsDone(state, name, restartPolicy string, apps, argv []string) int {
	cmd, wait, err := startChild(argv)
	if err != nil {
		return fail("universal regular: cannot start %q: %v", argv[0], err)
	}
	exited := make(chan int, 1)
	go func() { exited <- wait() }()
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case code := <-exited:
			return code
		case <-ticker.C:
			if !appsDone(state, restartPolicy, apps) {
				continue
			}
			note("%s: app containers done (%s); stopping the sidecar", name, describeApps(state, apps))
			_ = cmd.Process.Signal(syscall.SIGTERM)
			<-exited
			return 0
		}
	}
}

// appsDone: every app exited for good — any exit under Never, a recorded 0 under OnFailure (the
// kubelet restarts a failed one).
func appsDone(state, restartPolicy string, apps []string) bool {
	for _, app := range apps {
		o := observeApp(state, app)
		if o.state != appExited {
			return false
		}
		if restartPolicy == "OnFailure" && o.exitCode != 0 {
			return false
		}
	}
	return true
}

// stopSignals starts catching SIGTERM and SIGINT (a PID 1 without handlers would ignore them).
func stopSignals() <-chan os.Signal {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	return signals
}
