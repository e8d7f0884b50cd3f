import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf, processesWith, runCli, startCli } from "./run-cli.js";

const serverPod = (marker: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: server
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      command: [sh, -c, 'trap "echo proxy: got SIGTERM; exit 0" TERM; echo proxy: up; sleep 3600 & wait', ${marker}]
  containers:
    - name: app
      image: app
      command: [sh, -c, 'trap "echo app: got SIGTERM; exit 0" TERM; echo app: up; sleep 3600 & wait', ${marker}]
`;

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  // Bounded wait for the kernel to reap processes; order, not speed, is what is asserted.
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe("podvisor run, as a user drives it", () => {
  it("reads manifests from stdin with -f -", async () => {
    const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"hello"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["echo","hello from stdin"]}]}}`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.stdout).toContain("hello c │ hello from stdin");
    expect(result.code).toBe(0);
  });

  it("env and volumes come from ConfigMaps, Secrets and the downward API in the same input, at their mountPaths", async () => {
    const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {GREETING: hello, app.conf: "mode=fast"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata:
  name: configured
  labels: {team: sidecars}
spec:
  restartPolicy: Never
  volumes:
    - {name: config, configMap: {name: app-config}}
    - {name: secret, secret: {secretName: creds}}
    - name: podinfo
      downwardAPI:
        items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
  containers:
    - name: app
      image: busybox
      env:
        - {name: GREETING, valueFrom: {configMapKeyRef: {name: app-config, key: GREETING}}}
        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}
        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        - {name: MESSAGE, value: "$(GREETING) from $(POD_NAME)"}
      command: [sh, -c]
      args: ['echo "$MESSAGE"; echo "pw=$PASSWORD"; cat /etc/app/app.conf; echo; cat /etc/podinfo/labels; echo; cat /etc/creds/password']
      volumeMounts:
        - {name: config, mountPath: /etc/app}
        - {name: podinfo, mountPath: /etc/podinfo}
        - {name: secret, mountPath: /etc/creds, readOnly: true}
`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout, "app")).toEqual([
      "hello from configured",
      "pw=s3cret",
      "mode=fast",
      'team="sidecars"',
      "s3cret",
    ]);
  });

  // Lines longer than the CRI's 16 KiB come out in 16 KiB pieces, in order, as the kubelet stores
  // them (issue 10: memory stays bounded whatever a container prints without a newline).
  it("streams whole lines: a line far longer than a pipe read arrives in order in 16 KiB pieces, a last line without a newline intact", async () => {
    const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"long"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["sh","-c","head -c 40000 /dev/zero | tr '\\\\0' x; echo; printf last-without-newline"]}]}}`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout, "c")).toEqual([
      "x".repeat(16_384),
      "x".repeat(16_384),
      "x".repeat(40_000 - 2 * 16_384),
      "last-without-newline",
    ]);
  });

  it("warns, kubectl-style, about fields the process backend will not honour, and runs anyway", async () => {
    const manifest = `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"limited"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["echo","ran"],"resources":{"limits":{"memory":"64Mi"}}}]}}}}`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "Warning: job/limited: spec.template.spec.containers[0].resources.limits: not enforced by the process backend (no cgroups)",
    );
    expect(linesOf(result.stdout, "c")).toEqual(["ran"]);
  });

  it("exits 1 when a pod fails", async () => {
    const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"fails"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["sh","-c","exit 4"]}]}}`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(1);
  });

  it("reports every problem of invalid input at once, exit 2, nothing started", async () => {
    const manifest = `
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  restartPolicy: Sometimes
  initContainers:
    - name: setup
      image: busybox
      command: [sh, -c, "echo must-not-run"]
      startupProbe:
        exec:
          command: ["true"]
  containers:
    - name: setup
      image: busybox
      command: [sh, -c, "echo must-not-run"]
    - name: typo
      image: busybox
      command: "sleep 1"
`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'pod/bad: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(result.stderr).toContain(
      "pod/bad: spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    );
    // Upstream validateInitContainers reports the clash on the init container's path (G7).
    expect(result.stderr).toContain('pod/bad: spec.initContainers[0].name: Duplicate value: "setup"');
    expect(result.stderr).toContain(
      'pod/bad: spec.containers[1].command: Invalid value: "sleep 1": must be an array of strings',
    );
    expect(result.stdout).not.toContain("must-not-run");
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  it("reports malformed YAML with its position, exit 2", async () => {
    const result = await runCli(["run", "-f", "-"], {
      stdin: "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/<stdin>:\d+:\d+/);
  });

  it("every container without command is refused at once before anything starts, naming each field, CreateContainerError and the fix", async () => {
    const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nocmd"},"spec":{"restartPolicy":"Never","initContainers":[{"name":"proxy","image":"envoy","restartPolicy":"Always","args":["--config","/etc/envoy.yaml"]}],"containers":[{"name":"ok","image":"busybox","command":["echo","must-not-run"]},{"name":"app","image":"nginx"}]}}`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'pod/nocmd: spec.initContainers[0].command: Required value: container "proxy" has no command (CreateContainerError)',
    );
    expect(result.stderr).toContain(
      'pod/nocmd: spec.containers[1].command: Required value: container "app" has no command (CreateContainerError)',
    );
    expect(result.stderr).toContain("set command");
    expect(result.stdout).not.toContain("must-not-run");
  });

  it('preStop hooks that never exit outlive their budget: the kubelet stops waiting, and they die with their sidecars 2 s later (upstream e2e "should terminate sidecars simultaneously if prestop doesn\'t exit")', async () => {
    const out = await mkdtemp(join(tmpdir(), "podvisor-prestop-"));
    try {
      // Each hook writes a timestamp (ms) every 0.2 s to a host file; the sidecars ignore SIGTERM.
      const sidecar = (name: string) =>
        `{"name":"${name}","image":"busybox","restartPolicy":"Always","command":["sh","-c","trap '' TERM; while true; do sleep 1; done"],"lifecycle":{"preStop":{"exec":{"command":["sh","-c","while true; do date +%s%3N >> ${out}/${name}; sleep 0.2; done"]}}}}`;
      const names = ["restartable-init-1", "restartable-init-2", "restartable-init-3"];
      const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"serialize-termination"},"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":3,"initContainers":[${names.map(sidecar).join(",")}],"containers":[{"name":"regular-1","image":"busybox","command":["sh","-c","sleep 1"]}]}}`;
      const result = await runCli(["run", "-f", "-"], { stdin: manifest });
      expect(result.code).toBe(0);
      const lifetimes: number[] = [];
      const lasts: number[] = [];
      for (const name of names) {
        const stamps = (await readFile(join(out, name), "utf8")).trim().split("\n").map(Number);
        lifetimes.push((stamps.at(-1) ?? 0) - (stamps[0] ?? 0));
        lasts.push(stamps.at(-1) ?? 0);
      }
      // 3 s of grace + the 2 s stop window (a hook cancelled at the deadline would stop near 3 s).
      for (const ms of lifetimes) {
        expect(ms).toBeGreaterThan(4_000);
        expect(ms).toBeLessThan(7_000);
      }
      expect(Math.max(...lasts) - Math.min(...lasts)).toBeLessThan(1_000);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("a missing file is a clear error, exit 2", async () => {
    const result = await runCli(["run", "-f", "does-not-exist.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("does-not-exist.yaml");
  });

  it("Ctrl-C deletes the pod gracefully: app first, then the sidecar (C4, C5), and nothing is left", async () => {
    const marker = "podvisor-e2e-sigint";
    const run = startCli(["run", "-f", "-"], { stdin: serverPod(marker) });
    await run.waitForOutput("app: up");
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    const out = result.stdout;
    expect(out.indexOf("app: got SIGTERM")).toBeGreaterThan(-1);
    expect(out.indexOf("proxy: got SIGTERM")).toBeGreaterThan(out.indexOf("app: got SIGTERM"));
    expect(processesWith(marker)).toEqual([]);
  });

  it("a second Ctrl-C kills everything at once instead of waiting out the grace period, like kubectl", async () => {
    const marker = "podvisor-e2e-double-sigint";
    // PID 1 without a SIGTERM handler ignores SIGTERM: a graceful stop would wait the whole 60 s.
    const manifest = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"stubborn"},"spec":{"terminationGracePeriodSeconds":60,"containers":[{"name":"app","image":"busybox","command":["sh","-c","echo app: up; sleep 3600; :","${marker}"]}]}}`;
    const run = startCli(["run", "-f", "-"], { stdin: manifest });
    await run.waitForOutput("app: up");
    run.child.kill("SIGINT");
    await waitUntil(
      () => run.stderrSoFar().includes("deleting pods gracefully"),
      "the first Ctrl-C is acknowledged",
    );
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.stderr).toContain("forced: killing every container now");
    expect(result.code).toBe(130);
    await waitUntil(() => processesWith(marker).length === 0, "every container process is gone");
  });

  it("SIGKILL of podvisor itself leaves no container process behind (Linux)", async () => {
    const marker = "podvisor-e2e-sigkill";
    const run = startCli(["run", "-f", "-"], { stdin: serverPod(marker) });
    await run.waitForOutput("app: up");
    expect(processesWith(marker).length).toBeGreaterThan(0);
    run.child.kill("SIGKILL");
    await run.done;
    await waitUntil(() => processesWith(marker).length === 0, "every container process is gone");
  });

  it("--timeout deletes everything gracefully and exits 124", async () => {
    const marker = "podvisor-e2e-timeout";
    const run = startCli(["run", "-f", "-", "--timeout", "1s"], { stdin: serverPod(marker) });
    const result = await run.done;
    expect(result.code).toBe(124);
    expect(result.stdout).toContain("proxy: got SIGTERM");
    expect(result.stderr).toContain("--timeout reached");
  });
});
