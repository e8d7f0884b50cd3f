import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanLostRuns } from "./clean-lost-runs.js";
import { StateStore } from "./state-store.js";

describe("cleanLostRuns", () => {
  it("removes the pod volumes (Secret files) of runs whose podvisor died, keeping their records and live runs", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    const lost = new StateStore(root, { id: "lost", pid: gone, argv: [], startedAt: "" });
    const secret = join(lost.runDir, "pods", "uid-1", "volumes", "creds");
    mkdirSync(secret, { recursive: true });
    writeFileSync(join(secret, "password"), "s3cret");
    writeFileSync(join(lost.runDir, "pods", "default_web.json"), "{}");
    const live = new StateStore(root, { id: "live", pid: process.pid, argv: [], startedAt: "" });
    mkdirSync(join(live.runDir, "pods", "uid-2", "volumes"), { recursive: true });

    expect(cleanLostRuns(root, Date.UTC(2026, 0, 1))).toEqual({ cleaned: ["lost"], unmounted: [] });
    expect(existsSync(join(lost.runDir, "pods", "uid-1"))).toBe(false);
    expect(existsSync(join(lost.runDir, "pods", "default_web.json"))).toBe(true);
    expect(existsSync(join(live.runDir, "pods", "uid-2", "volumes"))).toBe(true);
    expect(cleanLostRuns(root, Date.UTC(2026, 0, 1))).toEqual({ cleaned: [], unmounted: [] });
    await live.close(0, "");
  });

  it("a lost run without pod volumes, or one it may not touch, is skipped, never an error for the run starting", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    mkdirSync(join(root, "runs", "bare"), { recursive: true });
    writeFileSync(
      join(root, "runs", "bare", "run.json"),
      JSON.stringify({ id: "bare", pid: gone, argv: [], startedAt: "" }),
    );
    expect(() => cleanLostRuns(root, 0)).not.toThrow();
  });

  // The container backend mounts a medium: Memory emptyDir as a tmpfs on the host; a SIGKILLed run
  // leaves it mounted. Needs root to mount, as the backend does.
  it.runIf(process.getuid?.() === 0)(
    "a lost run's tmpfs mounts are unmounted before its pod directories go, a busy one lazily, and each is reported",
    () => {
      const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
      const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
      const lost = new StateStore(root, { id: "lost", pid: gone, argv: [], startedAt: "" });
      const idle = join(lost.runDir, "pods", "uid-1", "volumes", "cache");
      const busy = join(lost.runDir, "pods", "uid-2", "volumes", "cache");
      for (const dir of [idle, busy]) {
        mkdirSync(dir, { recursive: true });
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
        writeFileSync(join(dir, "data"), "x");
      }
      // A process whose working directory is inside the tmpfs keeps it busy (plain umount: EBUSY).
      const holder = spawn("sleep", ["30"], { cwd: busy, stdio: "ignore" });
      try {
        const { cleaned, unmounted } = cleanLostRuns(root, 0);
        expect(cleaned).toEqual(["lost"]);
        expect([...unmounted].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
          { run: "lost", path: idle, fsType: "tmpfs", isLazy: false },
          { run: "lost", path: busy, fsType: "tmpfs", isLazy: true },
        ]);
        expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(root);
        expect(existsSync(join(lost.runDir, "pods", "uid-1"))).toBe(false);
        expect(existsSync(join(lost.runDir, "pods", "uid-2"))).toBe(false);
      } finally {
        holder.kill("SIGKILL");
        for (const dir of [idle, busy]) spawnSync("umount", ["-l", dir]);
      }
    },
  );
});
