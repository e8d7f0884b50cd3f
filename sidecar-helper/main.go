// Command podvisor-sidecar is the small program podvisor's `universal` and `ordered-legacy`
// sidecar modes run inside a pod, whatever the sidecar's image is (docs/sidecar-modes.md).
// An injected init container copies it into the pod's shared emptyDir (`install`); the injected
// commands, hooks and probes then call it from there. Standard library only, built static
// (CGO_ENABLED=0) by scripts/sidecar-helper/build.sh.
package main

import (
	"fmt"
	"os"
)

const usage = `usage: podvisor-sidecar COMMAND [flags] [-- command args...]

commands:
  install DIR                 copy this program into DIR (the shared emptyDir)
  universal native  ...       the native-sidecar copy of a universal sidecar
  universal regular ...       the regular-container copy of a universal sidecar
  universal probe   ...       startup probe of the native copy: succeeds once it runs as the sidecar
  app ...                     wrap an app container: hold its lock while it runs, record its exit
  wait-ready ...              postStart of an ordered-legacy sidecar: wait until it is started
  hold-until-apps-exit ...    preStop of an ordered-legacy sidecar: wait until the apps exited
`

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	rest := args[1:]
	switch args[0] {
	case "install":
		return runInstall(rest)
	case "universal":
		return runUniversal(rest)
	case "app":
		return runApp(rest)
	case "wait-ready":
		return runWaitReady(rest)
	case "hold-until-apps-exit":
		return runHoldUntilAppsExit(rest)
	case "-h", "--help", "help":
		fmt.Fprint(os.Stdout, usage)
		return 0
	}
	fmt.Fprintf(os.Stderr, "podvisor-sidecar: unknown command %q\n%s", args[0], usage)
	return 2
}

// fail prints one line naming the problem and returns the exit status for bad usage.
func fail(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, "podvisor-sidecar: "+format+"\n", a...)
	return 2
}
