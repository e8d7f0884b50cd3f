/**
 * Probes and lifecycle hooks end to end: the three probe examples and the failure cases through
 * the built CLI, with real processes and real HTTP/TCP servers on the loopback address.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf, positionOf, readStatusFile, repoRoot, runCli } from "./run-cli.js";

const example = (name: string) => join(repoRoot, "examples", name);
type ContainerStatus = { name: string; restartCount: number; state: Record<string, { exitCode?: number }> };
type Status = {
  phase?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
};
const podStatus = (file: string) =>
  readStatusFile(file).items.find((i) => i.kind === "Pod")?.status as Status;
const statusFile = (name: string) => join(repoRoot, "dist", `e2e-${name}-${process.pid}.json`);

describe("probe examples, end to end, through the built CLI", () => {
  it("probe-startup-gate: the app starts only after the proxy's httpGet startup probe passed (A2, E5)", async () => {
    const file = statusFile("startup-gate");
    const result = await runCli(["run", "-f", example("probe-startup-gate.yaml"), "--status-file", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("proxy not reachable");
    expect(positionOf(result.stdout, "proxy: listening")).toBeLessThan(
      positionOf(result.stdout, 'app: got "hello from the proxy" through the proxy'),
    );
    expect(result.stderr).toMatch(/Startup probe failed: Get "http:\/\/127\.0\.0\.1:18791\/ready": dial tcp/);
    expect(podStatus(file).phase).toBe("Succeeded");
  });

  it("probe-liveness-restart: the wedged sidecar is restarted by its liveness probe; the app runs on (E7, B7)", async () => {
    const file = statusFile("liveness-restart");
    const result = await runCli(["run", "-f", example("probe-liveness-restart.yaml"), "--status-file", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Liveness probe failed: HTTP probe failed with statuscode: 500");
    expect(result.stderr).toContain("Container agent failed liveness probe, will be restarted");
    expect(
      linesOf(result.stdout, "agent").filter((l) => l === "agent: serving /healthz").length,
    ).toBeGreaterThan(1);
    expect(linesOf(result.stdout, "app")).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `app: tick ${i + 1}`),
      "app: done",
    ]);
    const status = podStatus(file);
    expect(status.phase).toBe("Succeeded");
    expect(
      status.initContainerStatuses?.find((s) => s.name === "agent")?.restartCount,
    ).toBeGreaterThanOrEqual(1);
    expect(status.containerStatuses?.find((s) => s.name === "app")?.restartCount).toBe(0);
  });

  it("probe-prestop-drain: the proxy's preStop drain finishes before its SIGTERM (F4, C5)", async () => {
    const result = await runCli(["run", "-f", example("probe-prestop-drain.yaml")]);
    expect(result.code).toBe(0);
    const proxy = linesOf(result.stdout, "proxy");
    expect(proxy.slice(-3)).toEqual([
      "proxy: preStop /drain: finishing in-flight requests",
      "proxy: drained",
      "proxy: SIGTERM after the drain, bye",
    ]);
    expect(positionOf(result.stdout, "app: done")).toBeLessThan(
      positionOf(result.stdout, "proxy: preStop /drain"),
    );
  });
});

const pod = (name: string, container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 2
  containers:
${container}`;

describe("probe and hook failures give Kubernetes-style events and outcomes, never a crash or a hang", () => {
  it("a liveness probe at a port nobody listens on: Unhealthy 'connection refused', killed, pod Failed (B3)", async () => {
    const manifest = pod(
      "dead-port",
      `    - name: app
      image: app
      command: [sh, -c, "sleep 30"]
      livenessProbe:
        tcpSocket:
          port: 18799
        periodSeconds: 1
        failureThreshold: 2
`,
    );
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.stderr).toContain(
      "Liveness probe failed: dial tcp 127.0.0.1:18799: connect: connection refused",
    );
    expect(result.stderr).toContain("Container app failed liveness probe, will be restarted");
    expect(result.code).toBe(1);
  });

  it("a postStart hook command that does not exist: FailedPostStartHook, Killing FailedPostStartHook, pod Failed (F3)", async () => {
    const manifest = pod(
      "missing-hook",
      `    - name: app
      image: app
      command: [sh, -c, "sleep 30"]
      lifecycle:
        postStart:
          exec:
            command: [no-such-command-podvisor]
`,
    );
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.stderr).toMatch(/FailedPostStartHook\s+\S+\s+PostStartHook failed/);
    expect(result.stderr).toMatch(/Killing\s+\S+\s+FailedPostStartHook/);
    expect(result.code).toBe(1);
  });

  it("a liveness probe redirected to another host: not followed, ProbeWarning each run, never restarted (E1, kubelet e2e 'non-local redirect')", async () => {
    const file = statusFile("non-local-redirect");
    const manifest = pod(
      "non-local-redirect",
      `    - name: app
      image: app
      command:
        - node
        - -e
        - |
          const server = require("http")
            .createServer((req, res) => {
              res.writeHead(302, { Location: "http://0.0.0.0/" });
              res.end('<a href="http://0.0.0.0/">Found</a>.\\n');
            })
            .listen(18794, "127.0.0.1");
          setTimeout(() => { console.log("app: done"); server.close(); process.exit(0); }, 3000);
      livenessProbe:
        httpGet:
          path: /redirect
          port: 18794
        initialDelaySeconds: 1
        periodSeconds: 1
        failureThreshold: 1
`,
    );
    const result = await runCli(["run", "-f", "-", "--status-file", file], { stdin: manifest });
    expect(result.stderr).toMatch(
      /ProbeWarning\s+\S+\s+Liveness probe warning: Probe terminated redirects, Response body: <a href="http:\/\/0\.0\.0\.0\/">Found<\/a>\./,
    );
    expect(result.stderr).not.toContain("Killing");
    expect(result.code).toBe(0);
    expect(podStatus(file).containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it("a failing postStart under restartPolicy Always: STATUS PostStartHookError until the restart, then CrashLoopBackOff (F3, D8)", async () => {
    const manifest = pod(
      "failing-hook-always",
      `    - name: app
      image: app
      command: [sh, -c, "trap 'exit 0' TERM; sleep 30 & wait"]
      lifecycle:
        postStart:
          exec:
            command: [sh, -c, "echo warming up; exit 3"]
`,
    ).replace("restartPolicy: Never", "restartPolicy: Always");
    const result = await runCli(["run", "-f", "-", "--timeout", "4s"], { stdin: manifest });
    expect(result.stderr).not.toMatch(/STATUS Running/);
    expect(positionOf(result.stderr, "STATUS PostStartHookError   RESTARTS 0")).toBeLessThan(
      positionOf(result.stderr, "STATUS CrashLoopBackOff   RESTARTS 1"),
    );
  });

  it("an exec readiness probe that hangs past timeoutSeconds: Unhealthy 'timed out', the pod still completes (E2)", async () => {
    const manifest = pod(
      "hanging-probe",
      `    - name: app
      image: app
      command: [sh, -c, "sleep 3; echo app: done"]
      readinessProbe:
        exec:
          command: [sh, -c, "sleep 10"]
        timeoutSeconds: 1
        periodSeconds: 1
`,
    );
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.stderr).toContain('Readiness probe failed: command "sh -c sleep 10" timed out');
    expect(linesOf(result.stdout, "app")).toEqual(["app: done"]);
    expect(result.code).toBe(0);
  });
});
