package main

import (
	"fmt"
	"strings"
	"time"
)

// runHoldUntilAppsExit is an ordered-legacy sidecar's preStop: the kubelet sends the sidecar its
// stop signal only when the hook returns, so the sidecar serves until every app container has
// exited. Bounded by --timeout, which the injector derives from the pod's grace period.
func runHoldUntilAppsExit(args []string) int {
	fs := newFlagSet("hold-until-apps-exit")
	state := fs.String("state", "", "the shared emptyDir's mountPath")
	apps := fs.String("apps", "", "comma-separated app container names")
	name := fs.String("name", "sidecar", "the sidecar's name, for messages")
	timeout := fs.Duration("timeout", 28*time.Second, "give up after this long")
	interval := fs.Duration("interval", 100*time.Millisecond, "time between checks")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *state == "" {
		return fail("hold-until-apps-exit needs --state")
	}
	names := splitNames(*apps)
	started := time.Now()
	err := pollUntil(*timeout, *interval, func() error {
		for _, app := range names {
			if observeApp(*state, app).state == appRunning {
				return fmt.Errorf("%s still running", app)
			}
		}
		return nil
	})
	if err != nil {
		note("%s: holding stopped after %s: %v; the sidecar stops now", *name, timeout.String(), err)
		return 0
	}
	note("%s: app containers exited (%s) after %s; the sidecar stops now", *name, describeApps(*state, names), time.Since(started).Round(time.Millisecond))
	return 0
}

func describeApps(state string, names []string) string {
	var parts []string
	for _, app := range names {
		o := observeApp(state, app)
		switch {
		case o.state == appNotStarted:
			parts = append(parts, app+": never started")
		case o.exitCode >= 0:
			parts = append(parts, fmt.Sprintf("%s: exit %d", app, o.exitCode))
		default:
			parts = append(parts, app+": exited")
		}
	}
	if len(parts) == 0 {
		return "none watched"
	}
	return strings.Join(parts, ", ")
}
