import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectIsolation, detectIsolationAsync, type NamespacedIsolation } from "./detect-isolation.js";
import { buildNamespacedLaunch, type BindMount } from "./launch-command.js";
import { buildNativeLaunch, defaultLauncherPath } from "./native-launcher.js";

// `npm run build` builds the launcher; a unit run straight after a checkout builds it here.
const buildScript = fileURLToPath(new URL("../../../scripts/build-launcher.sh", import.meta.url));
if (!existsSync(defaultLauncherPath)) execFileSync("sh", [buildScript], { stdio: "ignore" });
const detected = detectIsolation({ PODVISOR_LAUNCHER: "chain" });
const isolation = detected.kind === "none" ? undefined : detected;
const hasLauncher = existsSync(defaultLauncherPath);
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", PV_PROBE: "x" };

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** What the container's start reports on fd 3 (ProcessContainer reads its first line). */
  report: string;
}

type Launch = "native" | "chain";

function launch(
  how: Launch,
  tools: NamespacedIsolation,
  mounts: BindMount[],
  workingDir: string,
  argv: string[],
  inUserNamespace = tools.kind === "userns",
): Outcome {
  const command =
    how === "native"
      ? buildNativeLaunch(defaultLauncherPath, tools.tools, inUserNamespace, mounts, workingDir, argv)
      : buildNamespacedLaunch(tools.tools, inUserNamespace, mounts, workingDir, argv, ENV);
  const result = spawnSync(command.command, command.args, {
    env: ENV,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 10_000,
  });
  const report = String(result.output[3] ?? "").split("\n")[0] ?? "";
  return { status: result.status, signal: result.signal, stdout: String(result.stdout), report };
}

/** Both launchers, for a case whose outcome must be the same through either. */
function both(...args: Parameters<typeof launch> extends [Launch, ...infer Rest] ? Rest : never) {
  return { native: launch("native", ...args), chain: launch("chain", ...args) };
}

describe.runIf(isolation && hasLauncher)(
  "the native launcher fails as the shell chain does, word for word (issue 17)",
  () => {
    const tools = isolation!;
    let dir: string;
    beforeAll(async () => {
      dir = await realpath(await mkdtemp(join(tmpdir(), "podvisor-launch-")));
      await mkdir(join(dir, "volume"));
      await writeFile(join(dir, "a-file"), "");
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    for (const inUserNamespace of [false, true]) {
      const as = inUserNamespace ? " (in a user namespace)" : "";

      it(`a program not on $PATH${as}`, () => {
        const { native, chain } = both(tools, [], "/", ["no-such-program-podvisor"], inUserNamespace);
        expect(native).toEqual(chain);
        expect(native).toMatchObject({
          status: 128,
          report: 'error exec: "no-such-program-podvisor": executable file not found in $PATH',
        });
      });

      it(`a missing absolute path, and a directory as the program${as}`, () => {
        const missing = both(tools, [], "/", ["/no/such/program"], inUserNamespace);
        expect(missing.native).toEqual(missing.chain);
        expect(missing.native.report).toBe(
          'error exec: "/no/such/program": stat /no/such/program: no such file or directory',
        );
        const directory = both(tools, [], "/", [dir], inUserNamespace);
        expect(directory.native).toEqual(directory.chain);
        expect(directory.native.report).toBe(`error exec: "${dir}": permission denied`);
      });

      it(`a working directory that does not exist${as}`, () => {
        const { native, chain } = both(tools, [], join(dir, "nope"), ["true"], inUserNamespace);
        expect(native).toEqual(chain);
        expect(native.report).toBe(`error chdir to cwd ("${join(dir, "nope")}") failed: no such directory`);
      });

      it(`a bind mount whose source is missing${as}`, () => {
        const mount = {
          source: join(dir, "gone"),
          target: join(dir, "volume"),
          readOnly: false,
          isDirectory: true,
        };
        const { native, chain } = both(tools, [mount], "/", ["true"], inUserNamespace);
        expect(native).toEqual(chain);
        expect(native.status).toBe(128);
        expect(native.report).toMatch(new RegExp(`^error mount ${join(dir, "volume")}: mount: `));
      });

      it(`a mount point that cannot be created (its parent is a file)${as}`, () => {
        const target = join(dir, "a-file", "sub");
        const mount = { source: join(dir, "volume"), target, readOnly: true, isDirectory: true };
        const { native, chain } = both(tools, [mount], "/", ["true"], inUserNamespace);
        expect(native).toEqual(chain);
        expect(native.report).toMatch(
          new RegExp(`^error mount point ${target}: .*mkdir: cannot create directory`),
        );
      });

      it(`starts the program as PID 1 with a fresh /proc, its bind mounts (read-only ones read-only), exactly its environment and its exit status, as the chain does${as}`, () => {
        const mounts = [
          { source: join(dir, "volume"), target: join(dir, "volume"), readOnly: true, isDirectory: true },
        ];
        const script = [
          "read pid rest < /proc/self/stat; echo pid=$pid",
          `touch ${join(dir, "volume", "x")} 2>/dev/null && echo writable || echo read-only`,
          "echo cwd=$(pwd)",
          "exec env",
        ].join("; ");
        const { native, chain } = both(tools, mounts, "/tmp", ["sh", "-c", script], inUserNamespace);
        expect(native).toEqual(chain);
        expect(native.report).toBe("started");
        expect(native.stdout.split("\n").slice(0, 3)).toEqual(["pid=1", "read-only", "cwd=/tmp"]);
        // sh itself exports PWD; nothing else is added to the container's environment.
        expect(native.stdout.split("\n").slice(3).filter(Boolean).sort()).toEqual(
          ["PATH=" + ENV.PATH, "PV_PROBE=x", "PWD=/tmp"].sort(),
        );
        // A signal death (137 for SIGKILL) is the contract suite's, run through both launchers.
        const failed = both(tools, [], "/", ["sh", "-c", "exit 3"], inUserNamespace);
        expect(failed.native).toEqual(failed.chain);
        expect(failed.native.status).toBe(3);
      });
    }

    it("refuses to start when its parent is not the process that launched it (the parent-death signal would come too late)", () => {
      const command = buildNativeLaunch(defaultLauncherPath, tools.tools, false, [], "/", ["true"], 1);
      const result = spawnSync(command.command, command.args, {
        stdio: ["ignore", "pipe", "pipe", "pipe"],
        encoding: "utf8",
      });
      expect(result.status).toBe(128);
      expect(String(result.output[3])).toBe("");
    });
  },
);

describe.runIf(isolation)("choosing the launcher", () => {
  it("falls back to the shell chain, saying why, when the launcher fails its self-check", () => {
    const chosen = detectIsolation({ PODVISOR_LAUNCHER: "/bin/false" });
    expect(chosen.kind === "none" ? undefined : chosen.launcher).toEqual({
      kind: "chain",
      why: "the native launcher /bin/false failed its self-check (exit status 1)",
    });
  });

  it("falls back to the shell chain when the launcher is not built, and PODVISOR_LAUNCHER=chain asks for it", () => {
    const missing = detectIsolation({ PODVISOR_LAUNCHER: "/no/such/podvisor-launch" });
    expect(missing.kind === "none" ? undefined : missing.launcher).toEqual({
      kind: "chain",
      why: "the native launcher /no/such/podvisor-launch is not built (npm run build compiles it with the system's C compiler)",
    });
    expect(isolation?.launcher).toEqual({ kind: "chain", why: "PODVISOR_LAUNCHER=chain" });
  });

  it("reaches the same verdicts when it probes without blocking (podvisor run probes while it loads)", async () => {
    for (const env of [{}, { PODVISOR_LAUNCHER: "/bin/false" }, { PODVISOR_LAUNCHER: "chain" }])
      expect(await detectIsolationAsync(env)).toEqual(detectIsolation(env));
  });

  it.runIf(hasLauncher)("uses the native launcher where it is built and passes its self-check", () => {
    const chosen = detectIsolation({});
    expect(chosen.kind === "none" ? undefined : chosen.launcher).toEqual({
      kind: "native",
      path: defaultLauncherPath,
    });
  });
});
