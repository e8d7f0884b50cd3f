import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf, positionOf, readStatusFile, repoRoot, runCli } from "./run-cli.js";

const example = (name: string) => join(repoRoot, "examples", name);
type Status = {
  phase?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: { name: string; state: Record<string, { exitCode?: number }>; restartCount: number }[];
  initContainerStatuses?: {
    name: string;
    state: Record<string, { exitCode?: number }>;
    restartCount: number;
  }[];
};

describe("examples, end to end, through the built CLI", () => {
  it("job-with-log-sidecar: the native log sidecar no longer keeps the Job from completing (C1)", async () => {
    const statusFile = join(repoRoot, "dist", `e2e-job-${process.pid}.json`);
    const result = await runCli([
      "run",
      "-f",
      example("job-with-log-sidecar.yaml"),
      "--status-file",
      statusFile,
    ]);
    expect(result.stderr).toContain("Job completed");
    expect(result.code).toBe(0);
    const worker = linesOf(result.stdout, "worker");
    expect(worker).toEqual([
      "task 1 of 5 done",
      "task 2 of 5 done",
      "task 3 of 5 done",
      "task 4 of 5 done",
      "task 5 of 5 done",
      "all tasks done",
    ]);
    // The sidecar ran alongside the worker and was stopped only after it finished.
    expect(positionOf(result.stdout, "shipping: task 1 of 5 done")).toBeGreaterThan(-1);
    expect(positionOf(result.stdout, "bye")).toBeGreaterThan(positionOf(result.stdout, "all tasks done"));
    const items = readStatusFile(statusFile).items;
    const job = items.find((i) => i.kind === "Job");
    expect((job?.status as { succeeded?: number }).succeeded).toBe(1);
    const pod = items.find((i) => i.kind === "Pod");
    expect((pod?.status as Status).phase).toBe("Succeeded");
  });

  it("startup-order: proxy, then db-client, then app — each after the previous one started (A2, A4)", async () => {
    const result = await runCli(["run", "-f", example("startup-order.yaml")]);
    expect(result.code).toBe(0);
    const proxyReady = positionOf(result.stdout, "proxy: ready");
    const dbConnected = positionOf(result.stdout, "db-client: connected through the proxy");
    const appServing = positionOf(result.stdout, "app: proxy and db-client are ready");
    expect(proxyReady).toBeLessThan(dbConnected);
    expect(dbConnected).toBeLessThan(appServing);
    expect(result.stdout).not.toContain("not ready");
  });

  it("termination-order: sidecars get SIGTERM after the app exits, in reverse declaration order (C5)", async () => {
    const result = await runCli(["run", "-f", example("termination-order.yaml")]);
    expect(result.code).toBe(0);
    const appDone = positionOf(result.stdout, "app: done");
    const metricsTerm = positionOf(result.stdout, "metrics: got SIGTERM");
    const metricsBye = positionOf(result.stdout, "metrics: bye");
    const proxyTerm = positionOf(result.stdout, "proxy: got SIGTERM");
    expect(appDone).toBeLessThan(metricsTerm);
    // The proxy (declared first) is signalled only once metrics (declared after it) has exited.
    expect(metricsBye).toBeLessThan(proxyTerm);
  });

  it("crashing-sidecar: the sidecar restarts in a Never pod and the pod still succeeds (B1, C2)", async () => {
    const statusFile = join(repoRoot, "dist", `e2e-crash-${process.pid}.json`);
    const result = await runCli([
      "run",
      "-f",
      example("crashing-sidecar.yaml"),
      "--max-backoff",
      "1s",
      "--status-file",
      statusFile,
    ]);
    expect(result.code).toBe(0);
    expect(
      linesOf(result.stdout, "flaky-agent").filter((l) => l === "agent: up").length,
    ).toBeGreaterThanOrEqual(2);
    expect(result.stderr).toMatch(
      /BackOff\s+pod\/crashing-sidecar\s+Back-off restarting failed container flaky-agent/,
    );
    const pod = readStatusFile(statusFile).items.find((i) => i.kind === "Pod");
    const status = pod?.status as Status;
    expect(status.phase).toBe("Succeeded");
    expect(status.initContainerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('restart-all-containers: exit 42 restarts the pod in place, exit 75 only the worker (I3, I4; upstream e2e "should restart all containers on regular container exit")', async () => {
    const statusFile = join(repoRoot, "dist", `e2e-restart-all-${process.pid}.json`);
    const result = await runCli([
      "run",
      "-f",
      example("restart-all-containers.yaml"),
      "--status-file",
      statusFile,
    ]);
    expect(result.code).toBe(0);
    // The whole pod ran twice, from its first init container, with the emptyDir kept.
    expect(linesOf(result.stdout, "setup")).toEqual(["setup: run 0 starting", "setup: run 1 starting"]);
    expect(linesOf(result.stdout, "proxy")).toEqual(["proxy: up", "proxy: up"]);
    expect(linesOf(result.stdout, "worker")).toEqual([
      "worker: stale cache, restarting the whole pod",
      "worker: transient error, retrying myself",
      "worker: done",
    ]);
    expect(result.stderr).toMatch(/Killing\s+pod\/restart-all-containers\s+killing/);
    const status = readStatusFile(statusFile).items.find((i) => i.kind === "Pod")?.status as Status;
    expect(status.phase).toBe("Succeeded");
    expect(status.conditions?.find((c) => c.type === "AllContainersRestarting")?.status).toBe("False");
    const restarts = Object.fromEntries(
      [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].map((s) => [
        s.name,
        s.restartCount,
      ]),
    );
    expect(restarts).toEqual({ setup: 1, proxy: 1, worker: 2, reporter: 1 });
  });

  it("failing-init-container: a failed init container fails a Never pod; the app never starts (A11)", async () => {
    const statusFile = join(repoRoot, "dist", `e2e-init-${process.pid}.json`);
    const result = await runCli([
      "run",
      "-f",
      example("failing-init-container.yaml"),
      "--status-file",
      statusFile,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("migrate: error");
    expect(result.stdout).not.toContain("app: this never runs");
    expect(positionOf(result.stdout, "proxy: stopping")).toBeGreaterThan(
      positionOf(result.stdout, "migrate: applying schema"),
    );
    const status = readStatusFile(statusFile).items.find((i) => i.kind === "Pod")?.status as Status;
    expect(status.phase).toBe("Failed");
    expect(status.initContainerStatuses?.find((s) => s.name === "migrate")?.state.terminated?.exitCode).toBe(
      3,
    );
  });
});
