package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// probeClient does not verify certificates, as the kubelet's httpGet probe does not.
var probeClient = &http.Client{
	Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
}

// readiness is what "the sidecar is started" means, from its startup or readiness probe (or its
// first declared port), as the injector wrote it into the flags: every condition must hold.
type readiness struct {
	tcp   repeated // host:port accepts a connection
	http  repeated // a GET answers 200–399, as the kubelet's httpGet probe counts success
	files repeated // the path exists
	exec  string   // a JSON argv that exits 0
}

func (r *readiness) register(fs *flag.FlagSet) {
	fs.Var(&r.tcp, "tcp", "host:port that must accept a TCP connection (repeatable)")
	fs.Var(&r.http, "http", "URL a GET of which must answer 200-399 (repeatable)")
	fs.Var(&r.files, "file", "path that must exist (repeatable)")
	fs.StringVar(&r.exec, "exec", "", `JSON argv that must exit 0, e.g. ["cat","/tmp/ready"]`)
}

func (r *readiness) describe() string {
	var parts []string
	for _, t := range r.tcp {
		parts = append(parts, "tcp "+t)
	}
	for _, u := range r.http {
		parts = append(parts, "http "+u)
	}
	for _, f := range r.files {
		parts = append(parts, "file "+f)
	}
	if r.exec != "" {
		parts = append(parts, "exec "+r.exec)
	}
	if len(parts) == 0 {
		return "no condition"
	}
	return strings.Join(parts, ", ")
}

// check returns nil when every condition holds now, else the first that does not.
func (r *readiness) check(ctx context.Context) error {
	for _, t := range r.tcp {
		dialer := net.Dialer{Timeout: time.Second}
		conn, err := dialer.DialContext(ctx, "tcp", t)
		if err != nil {
			return fmt.Errorf("tcp %s: %v", t, err)
		}
		conn.Close()
	}
	for _, u := range r.http {
		reqCtx, cancel := context.WithTimeout(ctx, time.Second)
		req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u, nil)
		if err != nil {
			cancel()
			return fmt.Errorf("http %s: %v", u, err)
		}
		resp, err := probeClient.Do(req)
		cancel()
		if err != nil {
			return fmt.Errorf("http %s: %v", u, err)
		}
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode >= 400 {
			return fmt.Errorf("http %s: status %d", u, resp.StatusCode)
		}
	}
	for _, f := range r.files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("file %s: %v", f, err)
		}
	}
	if r.exec != "" {
		var argv []string
		if err := json.Unmarshal([]byte(r.exec), &argv); err != nil || len(argv) == 0 {
			return fmt.Errorf("--exec %s: not a JSON array of strings", r.exec)
		}
		execCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := exec.CommandContext(execCtx, argv[0], argv[1:]...).Run(); err != nil {
			return fmt.Errorf("exec %s: %v", r.exec, err)
		}
	}
	return nil
}

// pollUntil calls check every interval until it returns nil or timeout passes (0: no bound).
func pollUntil(timeout, interval time.Duration, check func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return nil
		}
		if timeout > 0 && !time.Now().Before(deadline) {
			return err
		}
		time.Sleep(interval)
	}
}

// runWaitReady is an ordered-legacy sidecar's postStart: the kubelet starts the next container
// (the app) only when it returns, and kills the sidecar when it fails (FailedPostStartHook).
func runWaitReady(args []string) int {
	fs := newFlagSet("wait-ready")
	var ready readiness
	ready.register(fs)
	name := fs.String("name", "sidecar", "the sidecar's name, for messages")
	timeout := fs.Duration("timeout", 120*time.Second, "give up after this long")
	interval := fs.Duration("interval", 200*time.Millisecond, "time between checks")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	started := time.Now()
	err := pollUntil(*timeout, *interval, func() error { return ready.check(context.Background()) })
	if err != nil {
		note("%s not ready after %s (%s): %v", *name, timeout.String(), ready.describe(), err)
		return 1
	}
	note("%s ready after %s (%s); the app containers may start", *name, time.Since(started).Round(time.Millisecond), ready.describe())
	return 0
}
