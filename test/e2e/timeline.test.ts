/**
 * `podvisor timeline` end to end: the crashing-sidecar example runs with a short back-off cap on
 * the process backend, and the picture of its run — live, afterwards, and from saved objects —
 * shows the sidecar's CrashLoopBackOff waits with their lengths. The SVG is read by its elements'
 * attributes, never by coordinates.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, startCli } from "./run-cli.js";

const example = join(repoRoot, "examples", "crashing-sidecar.yaml");

/** [data-container, [data-kind, data-label]…] of each lane, in order. */
function lanesOf(svg: string): [string, string[][]][] {
  return svg
    .split('<g class="lane container"')
    .slice(1)
    .map((lane) => {
      const name = /data-container="([^"]*)"/.exec(lane)?.[1] ?? "";
      const segments = [
        ...lane.matchAll(/<rect class="segment [^"]*" data-kind="([^"]*)" data-label="([^"]*)"/g),
      ].map((m) => [m[1]!, m[2]!]);
      return [name, segments];
    });
}

/** The lengths, in seconds, of the CrashLoopBackOff waits a lane's labels give. */
function backOffSeconds(segments: string[][]): number[] {
  return segments.flatMap(([, label]) => {
    const match = /^CrashLoopBackOff (\d+(?:\.\d)?)(ms|s)$/.exec(label ?? "");
    if (match === null) return [];
    return [Number(match[1]) / (match[2] === "ms" ? 1000 : 1)];
  });
}

describe("podvisor timeline", () => {
  it("draws the crashing sidecar's CrashLoopBackOff waits with their lengths, live and after the run", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "podvisor-e2e-timeline-"));
    const statusFile = join(stateDir, "final.json");
    const run = startCli(["run", "-f", example, "--max-backoff", "2s", "--status-file", statusFile], {
      stateDir,
    });

    // Live: once the first back-off is reported, the run's state directory already draws it.
    await run.waitForStderr("Back-off restarting failed container flaky-agent");
    const live = await runCli(["timeline", "crashing-sidecar"], { stateDir });
    expect(live.code).toBe(0);
    const liveLanes = lanesOf(live.stdout);
    expect(liveLanes.map(([name]) => name)).toEqual(["flaky-agent", "app"]);
    expect(
      liveLanes[0]![1].some(([kind, label]) => kind === "waiting" && label!.startsWith("CrashLoopBackOff")),
    ).toBe(true);

    const result = await run.done;
    expect(result.code).toBe(0);

    const after = await runCli(["timeline", "crashing-sidecar"], { stateDir });
    expect(after.code).toBe(0);
    expect(after.stdout.startsWith("<svg")).toBe(true);
    const [agent, app] = lanesOf(after.stdout);
    // With --max-backoff 2s the kubelet's back-off (10 s doubling) is capped at 2 s: every full
    // wait lasts about 2 s (the last may be cut short when the app finishes and the pod ends).
    const waits = backOffSeconds(agent![1]);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    for (const seconds of waits.slice(0, -1)) expect(seconds).toBeGreaterThanOrEqual(1.5);
    for (const seconds of waits) expect(seconds).toBeLessThanOrEqual(3);
    expect(agent![1].some(([, label]) => /^CrashLoopBackOff 2(\.\d)?s$/.test(label!))).toBe(true);
    expect(after.stdout).toMatch(/<path class="marker restart" data-label="restart #1"/);
    expect(app![1].map(([kind]) => kind)).toEqual(["waiting", "ready", "terminated"]);
    expect(app![1].at(-1)![1]).toBe("Completed (exit 0)");
    expect(after.stdout).toContain('data-phase="Succeeded"');

    // An HTML page into a file, and saved objects (-f) without the state directory.
    const page = join(stateDir, "timeline.html");
    const html = await runCli(["timeline", "crashing-sidecar", "--html", "-o", page], { stateDir });
    expect(html.code).toBe(0);
    expect(readFileSync(page, "utf8")).toMatch(/^<!DOCTYPE html>[\s\S]*<svg[\s\S]*class="legend"/);
    const saved = await runCli(["timeline", "crashing-sidecar", "-f", statusFile], {
      stateDir: mkdtempSync(join(tmpdir(), "podvisor-e2e-timeline-empty-")),
    });
    expect(saved.code).toBe(0);
    expect(lanesOf(saved.stdout).map(([name]) => name)).toEqual(["flaky-agent", "app"]);
  });

  it("names a pod the run does not have as kubectl does, and refuses a bad --since", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "podvisor-e2e-timeline-"));
    const missing = await runCli(["timeline", "nope", "-f", example], { stateDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    const since = await runCli(["timeline", "crashing-sidecar", "-f", example, "--since", "soon"], {
      stateDir,
    });
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("invalid duration for --since");
    expect(since.stderr).not.toContain("    at ");
  });
});
