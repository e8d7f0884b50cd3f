/**
 * Pitfalls explained as they happen, through the built CLI: a container whose PID 1 shell has no
 * SIGTERM trap is SIGKILLed at the end of a 2 s grace period; `run` says so in one line on stderr
 * and `describe pod` lists it under "Hints (podvisor):" afterwards.
 */
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cliPath, processesWith, repoRoot, startCli } from "./run-cli.js";

const marker = "podvisor-e2e-pitfall-sigterm";
// `; :` keeps sh as PID 1 (no exec of the last command): it has no handler, so SIGTERM is dropped.
const manifest = JSON.stringify({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "stubborn" },
  spec: {
    terminationGracePeriodSeconds: 2,
    restartPolicy: "Never",
    containers: [
      { name: "app", image: "busybox", command: ["sh", "-c", "echo app: up; sleep 600; :", marker] },
    ],
  },
});

describe("pitfall hints", () => {
  it("a container that ignores SIGTERM: run prints the hint, describe lists it afterwards", async () => {
    const run = startCli(["run", "-f", "-", "--timeout", "1s"], { stdin: manifest });
    const result = await run.done;
    try {
      expect(result.code).toBe(124);
      const hint = result.stderr.split("\n").filter((line) => line.startsWith("Hint: "));
      expect(hint).toHaveLength(1);
      expect(hint[0]).toContain('Hint: pod/stubborn: container "app" ignored SIGTERM');
      expect(hint[0]).toContain("terminationGracePeriodSeconds: 2");
      // The hint follows the SIGKILL that ended the container, after the Killing event.
      expect(result.stderr.indexOf("Stopping container app")).toBeLessThan(result.stderr.indexOf("Hint: "));
      expect(processesWith(marker)).toEqual([]);

      const described = spawnSync(
        process.execPath,
        [cliPath, "describe", "pod", "stubborn", "--state-dir", result.stateDir],
        { cwd: repoRoot, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } },
      );
      expect(described.status).toBe(0);
      const lines = described.stdout.split("\n");
      const section = lines.indexOf("Hints (podvisor):");
      expect(section).toBeGreaterThan(-1);
      expect(lines[section + 1]).toMatch(
        /^ {2}container "app" ignored SIGTERM: .*exec the program, trap TERM/,
      );
      expect(section).toBeLessThan(lines.findIndex((line) => line.startsWith("Events:")));
    } finally {
      await rm(result.stateDir, { recursive: true, force: true });
    }
  });
});
