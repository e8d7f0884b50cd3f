/**
 * Issue 10 item 7: the host mount points a SIGKILLed run made for its volume mounts are found and
 * removed afterwards — by `podvisor cleanup` and by the next `podvisor run` on the state directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliPath, processesWith, repoRoot, startCli } from "./run-cli.js";
import { detectIsolation } from "../../src/runtime/process/index.js";

/** A pod whose emptyDir is mounted at a host path that does not exist yet (podvisor makes it). */
function podMountingAt(mountPath: string, marker: string): string {
  return [
    "apiVersion: v1",
    "kind: Pod",
    "metadata: { name: mounts }",
    "spec:",
    "  volumes: [{ name: scratch, emptyDir: {} }]",
    "  containers:",
    "    - name: app",
    "      image: busybox",
    `      command: [sh, -c, 'echo up; exec sleep 600 # ${marker}']`,
    `      volumeMounts: [{ name: scratch, mountPath: ${mountPath} }]`,
  ].join("\n");
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
}

async function killedRunWithMountPoint(marker: string) {
  const base = mkdtempSync(join(tmpdir(), "podvisor-e2e-hostpoint-"));
  const mountPath = join(base, "made", "by", "podvisor");
  const run = startCli(["run", "-f", "-"], { stdin: podMountingAt(mountPath, marker) });
  await run.waitForOutput("app │ up");
  expect(existsSync(mountPath)).toBe(true);
  run.child.kill("SIGKILL");
  const { stateDir } = await run.done;
  return { base, mountPath, stateDir };
}

const hasMounts = detectIsolation().kind !== "none";
const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasMounts)("host mount points of a SIGKILLed run (issue 10 item 7)", () => {
  it("podvisor cleanup removes the mount points the dead run made, and no mount of them is left", async () => {
    const { base, mountPath, stateDir } = await killedRunWithMountPoint("podvisor-e2e-hostpoint-cleanup");
    cleanups.push(base, stateDir);
    // The killed run left its mount point on the host (its bind mount lived in the container's namespace).
    expect(existsSync(mountPath)).toBe(true);
    const cleaned = cli(["cleanup", "--state-dir", stateDir]);
    expect(cleaned.status).toBe(0);
    expect(cleaned.stdout).toMatch(/^run \S+ cleaned up$/m);
    expect(existsSync(join(base, "made"))).toBe(false);
    expect(existsSync(base)).toBe(true); // it existed before the run: not podvisor's to remove
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(base);
    expect(processesWith("podvisor-e2e-hostpoint-cleanup")).toEqual([]);
  });

  it("the next podvisor run on the state directory removes them too", async () => {
    const { base, stateDir } = await killedRunWithMountPoint("podvisor-e2e-hostpoint-next");
    cleanups.push(base, stateDir);
    const next = spawnSync(process.execPath, [cliPath, "run", "-f", "-", "--state-dir", stateDir], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
      input:
        'apiVersion: v1\nkind: Pod\nmetadata: { name: next }\nspec:\n  restartPolicy: Never\n  containers: [{ name: c, image: busybox, command: ["true"] }]\n',
    });
    expect(next.stderr).not.toContain("error");
    expect(next.status).toBe(0);
    expect(existsSync(join(base, "made"))).toBe(false);
  });
});
