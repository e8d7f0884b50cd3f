/**
 * Faults during a run (issue 10): each is reported and the run goes on or ends gracefully, never
 * an uncaught exception, a stack trace, a hang or lost data.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { cliPath, runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "podvisor-faults-"));
function manifest(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const pod = (name: string, command: string, extra = "") => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
${extra}  containers:
    - name: app
      image: busybox
      command: [sh, -c, ${JSON.stringify(command)}]
`;

describe("podvisor run under faults", () => {
  it("--timeout 720h (beyond Node's 24.8-day timer limit) does not end the run at once", async () => {
    const result = await runCli([
      "run",
      "-f",
      manifest("short.yaml", pod("short", "sleep 1; echo done", "  activeDeadlineSeconds: 2200000\n")),
      "--timeout",
      "720h",
    ]);
    expect(result.stderr).not.toContain("--timeout reached");
    expect(result.stdout).toContain("short app │ done");
    expect(result.code).toBe(0);
  });

  it("runs starting at once on one state directory all record themselves (the `latest` link never races)", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-race-"));
    const storeModule = join(cliPath, "..", "store", "index.js");
    // Each process opens 100 runs in a row, as fast as it can; 8 of them at once.
    const script = `
      const { StateStore } = await import(${JSON.stringify(storeModule)});
      for (let i = 0; i < 100; i++) {
        const store = new StateStore(process.argv[1], { id: process.pid + "-" + i, pid: process.pid, argv: [], startedAt: "" });
        await store.close(0, "");
      }`;
    const codes = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ["--input-type=module", "-e", script, root]);
            let stderr = "";
            child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
            child.on("close", (code) => resolve({ code, stderr }));
          }),
      ),
    );
    expect(codes.filter((c) => c.code !== 0)).toEqual([]);
  });

  // Mounting a small tmpfs needs root (CAP_SYS_ADMIN); elsewhere there is no full disk to make.
  const canMountTmpfs = process.getuid?.() === 0;
  it.skipIf(!canMountTmpfs)(
    "a full disk under the state directory: a warning and an event, output keeps streaming, the run ends normally",
    async () => {
      const mountPoint = mkdtempSync(join(tmpdir(), "podvisor-full-"));
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]);
      expect(mounted.status).toBe(0);
      try {
        const statusFile = join(dir, "full-status.json");
        // Not runCli: it appends a --state-dir of its own.
        const result = await runWithStateDir(join(mountPoint, "st"), [
          "run",
          "-f",
          manifest("chatty.yaml", pod("chatty", "seq 1 100000; echo last line")),
          "--status-file",
          statusFile,
          "--no-pod-status",
        ]);
        expect(result.stderr).toMatch(/Warning: podvisor: cannot write .*ENOSPC.*; the run goes on/);
        expect(result.stderr).not.toContain("internal error");
        expect(result.stdout).toContain("chatty app │ 99999\n");
        expect(result.stdout).toContain("chatty app │ last line\n");
        expect(result.code).toBe(0);
        const status = JSON.parse(readFileSync(statusFile, "utf8")) as {
          items: { status: { phase: string } }[];
        };
        expect(status.items[0]?.status.phase).toBe("Succeeded");
      } finally {
        spawnSync("umount", [mountPoint]);
      }
    },
  );
});

function runWithStateDir(
  stateDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args, "--state-dir", stateDir], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
