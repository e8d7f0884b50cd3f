/**
 * Faults during a run (issue 10): each is reported and the run goes on or ends gracefully, never
 * an uncaught exception, a stack trace, a hang or lost data.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

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
});
