/**
 * Input podvisor can foresee is wrong is refused before anything starts: exit 2, the file and
 * position or the field or flag named, a short excerpt at most, never a stack trace (issue 10).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "podvisor-hostile-"));
function manifest(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function podSharingEnv(count: number): string {
  const containers = Array.from(
    { length: count },
    (_, i) =>
      `  - name: c${i}\n    image: x\n    command: ["true"]\n    env: ${i === 0 ? "&e\n    - {name: A, value: b}" : "*e"}`,
  );
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  restartPolicy: Never\n  containers:\n${containers.join("\n")}\n`;
}

const typoPod = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: Never
  containers:
    - name: app
      image: busybox
      command: [echo, ran]
      livenesProbe: {exec: {command: ["true"]}}
`;

describe("podvisor run refuses hostile or mistyped input up front", () => {
  it("runs a legitimate manifest with more than 100 YAML alias uses", async () => {
    const result = await runCli([
      "run",
      "-f",
      manifest("aliases.yaml", podSharingEnv(101)),
      "--no-pod-status",
    ]);
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(0);
  });

  it("an alias bomb is exit 2 with the file and position", async () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [i, level] of [..."bcdefghi"].entries())
      levels.push(`${level}: &${level} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`);
    const path = manifest("bomb.yaml", levels.join("\n"));
    const result = await runCli(["run", "-f", path]);
    expect(result.stderr).toMatch(new RegExp(`^${path}:\\d+:\\d+: document contains excessive aliasing\\n$`));
    expect(result.code).toBe(2);
  });

  it("a mistyped field is exit 2 naming its path and the field meant; --validate=warn runs it with a warning", async () => {
    const path = manifest("typo.yaml", typoPod);
    const strict = await runCli(["run", "-f", path]);
    expect(strict.stderr).toBe(
      'pod/web: spec.containers[0].livenesProbe: Unknown field: strict decoding error: unknown field "livenesProbe" (did you mean "livenessProbe"?)\n',
    );
    expect(strict.stdout).toBe("");
    expect(strict.code).toBe(2);
    const warned = await runCli(["run", "-f", path, "--validate=warn"]);
    expect(warned.stderr).toContain(
      'Warning: pod/web: unknown field "spec.containers[0].livenesProbe" (did you mean "livenessProbe"?)\n',
    );
    expect(warned.stdout).toContain("web app │ ran");
    expect(warned.code).toBe(0);
  });

  it("an unknown --validate value is exit 2 with kubectl's message", async () => {
    const result = await runCli(["run", "-f", manifest("ok.yaml", typoPod), "--validate=maybe"]);
    expect(result.stderr).toContain(
      'invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)',
    );
    expect(result.code).toBe(2);
  });

  it("an unwritable --status-file is exit 2 before any container starts", async () => {
    const statusFile = join(dir, "no-such-dir", "status.json");
    const result = await runCli([
      "run",
      "-f",
      manifest("fine.yaml", typoPod),
      "--validate=ignore",
      "--status-file",
      statusFile,
    ]);
    expect(result.stderr).toBe(
      `error: --status-file ${statusFile}: cannot write there: the directory ${join(dir, "no-such-dir")} does not exist\n`,
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(2);
  });
});
