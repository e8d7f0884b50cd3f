/**
 * Faults during a run (issue 10): each is reported and the run goes on or ends gracefully, never
 * an uncaught exception, a stack trace, a hang or lost data.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
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
    const storeModule = join(cliPath, "..", "agent", "state-store.js");
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
});
