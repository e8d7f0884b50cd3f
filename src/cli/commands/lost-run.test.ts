import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { StateStore } from "../../store/index.js";
import { runCli } from "../testing/run-cli.js";

const t0 = Date.UTC(2026, 0, 1);
const running: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { containers: [{ name: "app", image: "x" }] },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True" }],
    containerStatuses: [
      {
        name: "app",
        image: "x",
        imageID: "",
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: "2026-01-01T00:00:01Z" } },
      },
    ],
  },
};

/** A run whose podvisor was SIGKILLed: run.json names a process that is gone and has no end. */
async function killedRun(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "podvisor-lost-"));
  const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
  const store = new StateStore(root, { id: "run-1", pid: gone, argv: [], startedAt: "2026-01-01T00:00:00Z" });
  store.recordPod(running);
  store.recordLog(running, "app", 0, {
    stream: "stdout",
    text: "serving",
    timeMs: t0 + 1000,
    partial: false,
  });
  await store.close(0, "2026-01-01T00:01:00Z");
  // SIGKILL leaves no end in run.json: take the one close() wrote out again.
  const runJson = join(store.runDir, "run.json");
  const {
    finishedAt: _finishedAt,
    exitCode: _exitCode,
    ...unfinished
  } = JSON.parse(readFileSync(runJson, "utf8")) as Record<string, unknown>;
  writeFileSync(runJson, JSON.stringify(unfinished));
  return root;
}

const cli = (args: string[]) => runCli(args, { nowMs: t0 + 600_000 });

describe("a run whose podvisor died without recording its end (SIGKILL)", () => {
  it("get pods shows the last known status marked as a lost node's pods are (NodeLost), not Running", async () => {
    const root = await killedRun();
    const result = await cli(["get", "pods", "--state-dir", root]);
    expect(result.stdout).toMatch(/^web\s+0\/1\s+NodeLost\s+0\s+10m\n$/m);
  });

  it("logs -f prints what was logged and ends instead of waiting for ever", async () => {
    const root = await killedRun();
    const result = await cli(["logs", "web", "-f", "--state-dir", root]);
    expect(result).toMatchObject({ code: 0, stdout: "serving\n" });
  });

  it("get pods -w prints the table and ends", async () => {
    const root = await killedRun();
    const result = await cli(["get", "pods", "-w", "--state-dir", root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("NodeLost");
  });
});
