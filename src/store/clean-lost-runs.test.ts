import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanLostRuns } from "./clean-lost-runs.js";
import { processStartTime } from "./run-liveness.js";
import { readRunMetadata } from "./state-reader.js";
import { StateStore, type RunMetadata } from "./state-store.js";

const day = Date.UTC(2026, 0, 1);
const goneProcess = () => spawnSync(process.execPath, ["-e", "0"]).pid;
const liveMarkers = (root: string) =>
  existsSync(join(root, "live-runs")) ? readdirSync(join(root, "live-runs")) : [];

/** A run directory as a podvisor before the live-run registry left it: run.json, no marker. */
function writeUnregisteredRun(root: string, metadata: RunMetadata): string {
  const dir = join(root, "runs", metadata.id);
  mkdirSync(join(dir, "pods"), { recursive: true });
  writeFileSync(join(dir, "run.json"), JSON.stringify(metadata));
  return dir;
}

function withSecretVolume(runDir: string, podUid: string): string {
  const secret = join(runDir, "pods", podUid, "volumes", "creds");
  mkdirSync(secret, { recursive: true });
  writeFileSync(join(secret, "password"), "s3cret");
  return join(runDir, "pods", podUid);
}

describe("cleanLostRuns: the registered runs at a run's start (issue 17), every run for podvisor cleanup", () => {
  it("removes the pod volumes (Secret files) of a registered run whose podvisor died, keeping its records, and unregisters it", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const lost = new StateStore(root, { id: "lost", pid: goneProcess(), argv: [], startedAt: "" });
    const podDir = withSecretVolume(lost.runDir, "uid-1");
    writeFileSync(join(lost.runDir, "pods", "default_web.json"), "{}");

    expect(cleanLostRuns(root, day, "registered")).toEqual({ cleaned: ["lost"], unmounted: [] });
    expect(existsSync(podDir)).toBe(false);
    expect(existsSync(join(lost.runDir, "pods", "default_web.json"))).toBe(true);
    expect(readRunMetadata({ id: "lost", dir: lost.runDir })?.cleanedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(liveMarkers(root)).toEqual([]);
    expect(cleanLostRuns(root, day, "registered")).toEqual({ cleaned: [], unmounted: [] });
  });

  it("leaves a live run (this process: its pid and kernel start time) alone and registered, in either scan", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const startTime = processStartTime(process.pid);
    const live = new StateStore(root, {
      id: "live",
      pid: process.pid,
      ...(startTime !== undefined ? { processStartTime: startTime } : {}),
      argv: [],
      startedAt: "",
    });
    const podDir = withSecretVolume(live.runDir, "uid-2");
    expect(cleanLostRuns(root, day, "registered")).toEqual({ cleaned: [], unmounted: [] });
    expect(cleanLostRuns(root, day, "all")).toEqual({ cleaned: [], unmounted: [] });
    expect(existsSync(podDir)).toBe(true);
    expect(liveMarkers(root)).toEqual(["live"]);
    await live.close(0, "");
  });

  it("does not read unregistered runs (a state directory from before the registry); the thorough scan cleans them", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const old = writeUnregisteredRun(root, { id: "old", pid: goneProcess(), argv: [], startedAt: "" });
    const podDir = withSecretVolume(old, "uid-3");
    expect(cleanLostRuns(root, day, "registered")).toEqual({ cleaned: [], unmounted: [] });
    expect(existsSync(podDir)).toBe(true);
    expect(readRunMetadata({ id: "old", dir: old })?.cleanedAt).toBeUndefined();

    expect(cleanLostRuns(root, day, "all")).toEqual({ cleaned: ["old"], unmounted: [] });
    expect(existsSync(podDir)).toBe(false);
    expect(cleanLostRuns(root, day, "all")).toEqual({ cleaned: [], unmounted: [] });
  });

  it("removes a stale marker: its run recorded its end, was cleaned already, or has no run.json", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const gone = goneProcess();
    const finished = writeUnregisteredRun(root, {
      id: "finished",
      pid: gone,
      argv: [],
      startedAt: "",
      finishedAt: "x",
    });
    const finishedPod = withSecretVolume(finished, "uid-4");
    writeUnregisteredRun(root, { id: "cleaned", pid: gone, argv: [], startedAt: "", cleanedAt: "x" });
    mkdirSync(join(root, "live-runs"));
    for (const id of ["finished", "cleaned", "removed-by-hand"])
      writeFileSync(join(root, "live-runs", id), "");

    expect(cleanLostRuns(root, day, "registered")).toEqual({ cleaned: [], unmounted: [] });
    expect(liveMarkers(root)).toEqual([]);
    expect(existsSync(finishedPod)).toBe(true); // a finished run cleaned up after itself; not ours
  });

  it("the thorough scan (podvisor cleanup) removes stale markers too", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    writeUnregisteredRun(root, { id: "finished", pid: 1, argv: [], startedAt: "", finishedAt: "x" });
    mkdirSync(join(root, "live-runs"));
    writeFileSync(join(root, "live-runs", "finished"), "");
    expect(cleanLostRuns(root, day, "all")).toEqual({ cleaned: [], unmounted: [] });
    expect(liveMarkers(root)).toEqual([]);
  });

  it("a lost run without pod volumes, or one it may not touch, is skipped, never an error for the run starting", () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
    const bare = join(root, "runs", "bare");
    mkdirSync(bare, { recursive: true });
    writeFileSync(
      join(bare, "run.json"),
      JSON.stringify({ id: "bare", pid: goneProcess(), argv: [], startedAt: "" }),
    );
    mkdirSync(join(root, "live-runs"));
    writeFileSync(join(root, "live-runs", "bare"), "");
    writeFileSync(join(root, "live-runs", "corrupt"), "");
    mkdirSync(join(root, "runs", "corrupt"));
    writeFileSync(join(root, "runs", "corrupt", "run.json"), "{");
    expect(() => cleanLostRuns(root, 0, "registered")).not.toThrow();
    expect(liveMarkers(root)).toEqual([]); // neither is read again by the next run
    expect(() => cleanLostRuns(root, 0, "all")).not.toThrow();
  });

  // The container backend mounts a medium: Memory emptyDir as a tmpfs on the host; a SIGKILLed run
  // leaves it mounted. Needs root to mount, as the backend does.
  it.runIf(process.getuid?.() === 0)(
    "a lost run's tmpfs mounts are unmounted before its pod directories go, a busy one lazily, and each is reported",
    () => {
      const root = mkdtempSync(join(tmpdir(), "podvisor-clean-"));
      const lost = new StateStore(root, { id: "lost", pid: goneProcess(), argv: [], startedAt: "" });
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
        const { cleaned, unmounted } = cleanLostRuns(root, 0, "registered");
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
