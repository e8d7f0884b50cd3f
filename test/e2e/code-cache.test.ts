/**
 * The bundled CLI's code cache (scripts/cli-entry.mjs) as runs leave it: a run that writes the
 * cache must leave one the next run accepts. A cache V8 refuses is rewritten by the run that
 * refused it, so "the file is not rewritten" is how a test outside the process sees it accepted.
 * The built CLI is copied to its own directory: the cache lives beside the bundle, and other tests
 * use dist/'s at the same time.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "podvisor-code-cache-"));
const dist = join(work, "dist");
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runPod(name: string, script: string, flags: string[] = [], expectedCode = 0): void {
  const manifest = join(work, `${name}.yaml`);
  writeFileSync(
    manifest,
    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["sh","-c","${script}"]}]}}`,
  );
  const result = spawnSync(
    process.execPath,
    [
      join(dist, "main.js"),
      "run",
      "-f",
      manifest,
      "--state-dir",
      join(work, "state"),
      "--no-events",
      ...flags,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  expect(result.status, result.stderr).toBe(expectedCode);
}

/** dist/'s CLI copied afresh, without any cache. */
function copyBuiltCli(): void {
  rmSync(dist, { recursive: true, force: true });
  for (const part of ["main.js", "cli-bundle", "native"]) {
    const from = join(repoRoot, "dist", part);
    if (existsSync(from)) cpSync(from, join(dist, part), { recursive: true });
  }
  for (const cache of readdirSync(join(dist, "cli-bundle")).filter((f) => f.endsWith(".cache")))
    rmSync(join(dist, "cli-bundle", cache));
}

function runCacheFile(suffix = ".run.cache"): string | undefined {
  const name = readdirSync(join(dist, "cli-bundle")).find((f) => f.endsWith(suffix));
  return name === undefined ? undefined : join(dist, "cli-bundle", name);
}

describe("the bundled CLI's code cache", () => {
  it("of a run on the container backend is its own: it holds other functions than a process run needs", () => {
    copyBuiltCli();
    // No engine there: the run fails (exit 1, not 2: the input was valid) and still writes its cache.
    runPod(
      "container",
      "echo done",
      ["--runtime", "container", "--engine-socket", join(work, "no-engine.sock")],
      1,
    );
    expect(runCacheFile(".run.container.cache")).toBeDefined();
    expect(runCacheFile(".run.cache")).toBeUndefined();
  });

  it("written by a run that lasted past the heap flag, is accepted by the next run", () => {
    copyBuiltCli();

    // Longer than the entry's 1 s before it sets --heap-growing-percent: the cache is written with
    // that flag set, unless the entry puts it back first.
    runPod("lasts", "sleep 1.5; echo done");
    const cache = runCacheFile();
    expect(cache, "the first run writes the cache").toBeDefined();
    const written = statSync(cache!);

    runPod("short", "echo done");
    const after = statSync(cache!);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({
      ino: written.ino,
      mtimeMs: written.mtimeMs,
    });
  });
});
