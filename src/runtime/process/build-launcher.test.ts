import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const repository = fileURLToPath(new URL("../../../", import.meta.url));
const hasCompiler = ["cc", "gcc", "clang"].some(
  (compiler) => spawnSync("sh", ["-c", `command -v ${compiler}`]).status === 0,
);

/** scripts/build-launcher.sh (run by `npm run build`) on a copy of the launcher's sources. */
describe.runIf(process.platform === "linux" && hasCompiler)("scripts/build-launcher.sh", () => {
  let root: string;
  const binary = () => join(root, "dist", "native", "podvisor-launch");
  const build = () => spawnSync("sh", [join(root, "scripts", "build-launcher.sh")], { encoding: "utf8" });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "podvisor-build-launcher-"));
    cpSync(join(repository, "native"), join(root, "native"), { recursive: true });
    cpSync(join(repository, "scripts", "build-launcher.sh"), join(root, "scripts", "build-launcher.sh"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds the launcher once, and again only when a source changed", () => {
    expect(build().status).toBe(0);
    const built = statSync(binary());
    expect(built.mode & 0o111).not.toBe(0);
    expect(build().status).toBe(0);
    expect(statSync(binary()).ino).toBe(built.ino); // cached: not rebuilt
    appendFileSync(join(root, "native", "launch-server.c"), "\n/* changed */\n");
    expect(build().status).toBe(0);
    expect(statSync(binary()).ino).not.toBe(built.ino);
  });

  it("sources that no longer compile leave no launcher behind (the stale one would run as if current), and the build still succeeds", () => {
    expect(build().status).toBe(0);
    appendFileSync(join(root, "native", "launch-server.c"), "\nthis is not C;\n");
    const result = build();
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "could not compile native/*.c; containers will start through the shell chain",
    );
    expect(existsSync(binary())).toBe(false);
    expect(existsSync(`${binary()}.stamp`)).toBe(false);
    // Fixed again, it builds again.
    cpSync(join(repository, "native", "launch-server.c"), join(root, "native", "launch-server.c"));
    expect(build().status).toBe(0);
    expect(existsSync(binary())).toBe(true);
  });
});
