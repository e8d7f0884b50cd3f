import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isIP } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ContainerLaunchSpec, ContainerRuntime, PodSandbox, PodSandboxSpec } from "../port.js";
import { fixture as hostFixture } from "./fixture-programs.js";
import { LogCollector } from "./log-collector.js";

export interface RuntimeUnderTest {
  runtime: ContainerRuntime;
  /** Lets `ms` of the runtime's clock pass: FakeClock.advance for the fake; nothing for real processes. */
  elapse(ms: number): Promise<void>;
  capabilities: {
    /** Volumes are really visible at mountPath to the program (the fake has no filesystem view). */
    hasRealMounts: boolean;
    /** The sandbox gets its own address (a container backend), not the loopback one. */
    hasOwnPodIp?: boolean;
  };
  /** Where a fixture program is for the backend's containers (default: test/fixtures/bin on the host). */
  fixture?(name: string): string;
  /** The image the containers run (default "busybox", which only the name-blind backends accept). */
  image?: string;
  /** Variables the engine adds to every container's environment besides HOSTNAME (e.g. HOME). */
  engineEnv?: Record<string, string>;
  dispose?(): Promise<void>;
}

// print-env.mjs stays a node program: a POSIX shell adds PWD to the environment it passes on, and
// the contract is that a container's environment is exactly its spec's. The other fixtures are
// POSIX shell scripts (with awk), which a container backend can run from a tiny image too.
const NODE_PATH = `${join(process.execPath, "..")}:/usr/bin:/bin`;

/**
 * The one suite every ContainerRuntime backend passes (style.md §3). Containers are the fixture
 * programs in test/fixtures/bin; the fake emulates them. Real backends use short real timings.
 */
export function describeRuntimeContract(name: string, create: () => Promise<RuntimeUnderTest>): void {
  describe(`ContainerRuntime contract: ${name}`, () => {
    let env: RuntimeUnderTest;
    let runtime: ContainerRuntime;
    let sandbox: PodSandbox;
    let scratch: string;
    let pod: PodSandboxSpec;
    const fixture = (name: string): string => env.fixture?.(name) ?? hostFixture(name);

    beforeEach(async () => {
      env = await create();
      runtime = env.runtime;
      scratch = await realpath(await mkdtemp(join(tmpdir(), "podvisor-contract-")));
      pod = {
        uid: `uid-${Math.random().toString(36).slice(2)}`,
        name: "contract-pod",
        namespace: "default",
        volumes: [
          {
            name: "config",
            kind: "files",
            files: [
              { path: "app/settings.conf", data: new TextEncoder().encode("level=debug\n"), mode: 0o644 },
            ],
          },
          { name: "scratch", kind: "emptyDir" },
        ],
      };
      sandbox = await runtime.createSandbox(pod);
    });

    afterEach(async () => {
      await runtime.removeSandbox(sandbox);
      await runtime.close();
      await env.dispose?.();
      await rm(scratch, { recursive: true, force: true });
    });

    const spec = (argv: string[], more: Partial<ContainerLaunchSpec> = {}): ContainerLaunchSpec => ({
      name: "main",
      image: env.image ?? "busybox",
      argv,
      env: [["PATH", NODE_PATH]],
      mounts: [],
      stopSignal: "SIGTERM",
      ...more,
    });
    const start = async (argv: string[], more: Partial<ContainerLaunchSpec> = {}) => {
      const logs = new LogCollector();
      const started = await runtime.startContainer(sandbox, spec(argv, more), logs.sink);
      return { ...started, logs };
    };

    it("gives the sandbox an IP address and a directory per volume", () => {
      expect(isIP(sandbox.ip)).not.toBe(0);
      expect(Object.keys(sandbox.volumeDirs).sort()).toEqual(["config", "scratch"]);
    });

    it("describes itself: a name for messages and the volume types the suite's pod uses", () => {
      expect(runtime.capabilities.displayName).not.toBe("");
      expect(runtime.capabilities.volumeTypes).toEqual(expect.arrayContaining(["emptyDir", "configMap"]));
    });

    it("a backend that pulls no images reports every image present", async (ctx) => {
      // A pulling backend needs a registry; its own end-to-end tests cover pulls.
      if (runtime.capabilities.pullsImages) ctx.skip();
      expect(await runtime.imageStatus("registry.invalid/anything:1")).toMatchObject({ present: true });
    });

    it("a program that exits 0 is Completed", async () => {
      const c = await start([fixture("exit-with.sh"), "0"]);
      const exit = await c.exited;
      expect(exit).toMatchObject({ exitCode: 0, reason: "Completed" });
      expect(exit.signal).toBeUndefined();
      expect(exit.startedAtMs).toBe(c.startedAtMs);
      expect(exit.finishedAtMs).toBeGreaterThanOrEqual(exit.startedAtMs);
    });

    it("a program that exits 3 is Error with exit code 3, its output delivered before exited resolves", async () => {
      const c = await start([fixture("exit-with.sh"), "3", "bye"]);
      const exit = await c.exited;
      expect(exit).toMatchObject({ exitCode: 3, reason: "Error" });
      expect(c.logs.texts()).toEqual(["bye"]);
    });

    it("a missing executable fails the start with RunContainerError", async () => {
      await expect(start(["no-such-program-podvisor"])).rejects.toMatchObject({
        reason: "RunContainerError",
        code: "CONTAINER_START_FAILED",
        message: expect.stringContaining(
          'exec: "no-such-program-podvisor": executable file not found in $PATH',
        ) as unknown,
      });
    });

    it("the environment is exactly the spec's (later entries win) plus HOSTNAME", async () => {
      const c = await start([fixture("print-env.mjs")], {
        env: [
          ["PATH", NODE_PATH],
          ["A", "1"],
          ["SPACED", "x y  z"],
          ["A", "2"],
          ["EMPTY", ""],
        ],
      });
      await c.exited;
      expect(JSON.parse(c.logs.texts()[0] ?? "{}")).toEqual({
        PATH: NODE_PATH,
        A: "2",
        SPACED: "x y  z",
        EMPTY: "",
        HOSTNAME: "contract-pod",
        ...env.engineEnv,
      });
    });

    it("argv reaches the program verbatim ($(VAR) was expanded before; no shell in between)", async () => {
      const args = ["$(NOT_A_VAR)", "a b", "", "*", "$HOME", "'quoted'"];
      const c = await start([fixture("print-args.sh"), ...args]);
      await c.exited;
      expect(c.logs.texts()).toEqual(args);
    });

    it("runs in workingDir", async () => {
      const c = await start([fixture("print-cwd.sh")], { workingDir: scratch });
      await c.exited;
      expect(c.logs.texts()).toEqual([scratch]);
    });

    it("stop: a program that traps SIGTERM exits with its own code", async () => {
      const c = await start([fixture("trap-sigterm.sh"), "7"]);
      await c.logs.waitFor("ready");
      await runtime.stopContainer(c.id, 10_000);
      expect(await c.exited).toMatchObject({ exitCode: 7, reason: "Error" });
      expect(c.logs.texts()).toEqual(["ready", "got SIGTERM"]);
    });

    it("stop: a program that ignores SIGTERM is SIGKILLed when the grace period ends (137)", async () => {
      const c = await start([fixture("ignore-sigterm.sh")]);
      await c.logs.waitFor("ready");
      const stopped = runtime.stopContainer(c.id, 300);
      await env.elapse(300);
      await stopped;
      expect(await c.exited).toMatchObject({ exitCode: 137, signal: "SIGKILL", reason: "Error" });
    });

    it("stop with a zero grace period SIGKILLs at once; stopping it again is a no-op", async () => {
      const c = await start([fixture("ignore-sigterm.sh")]);
      await c.logs.waitFor("ready");
      const stopped = runtime.stopContainer(c.id, 0);
      await env.elapse(0);
      await stopped;
      expect(await c.exited).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
      await runtime.stopContainer(c.id, 0);
    });

    it("a command run by exec dies with its container (not a timeout)", async () => {
      const c = await start([fixture("ignore-sigterm.sh")]);
      await c.logs.waitFor("ready");
      const exec = runtime.execInContainer(c.id, ["sleep", "600"], 1_200_000);
      const stopped = runtime.stopContainer(c.id, 0);
      await env.elapse(0);
      await stopped;
      // 137 once it runs; a namespaced exec that had not entered the container yet fails to enter.
      const result = await exec;
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).not.toBe(0);
    });

    it("delivers more than 1 MiB of output complete and in order per stream, CRLF and a final partial line included", async () => {
      const lines = 12_000;
      const c = await start([fixture("big-output.sh"), String(lines), "100"]);
      await c.exited;
      const out = c.logs.texts("stdout");
      expect(out).toHaveLength(lines + 1);
      expect(
        out
          .slice(0, lines)
          .every((text, i) => text.startsWith(`out ${i} `) && text.length === `out ${i} `.length + 100),
      ).toBe(true);
      expect(c.logs.lines.filter((l) => l.partial).map((l) => l.text)).toEqual(["tail-without-newline"]);
      expect(c.logs.texts("stderr")).toEqual(Array.from({ length: lines / 10 }, (_, i) => `err ${i}`));
      const times = c.logs.lines.map((l) => l.timeMs);
      expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    });

    it("close() ends every running container (SIGKILL) and is idempotent", async () => {
      const a = await start([fixture("ignore-sigterm.sh")]);
      const b = await start([fixture("trap-sigterm.sh"), "0"], { name: "second" });
      await Promise.all([a.logs.waitFor("ready"), b.logs.waitFor("ready")]);
      await runtime.close();
      await runtime.close();
      expect(await a.exited).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
      expect(await b.exited).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
    });

    it("volumes are visible at their mountPath, read-only when asked, subPath included", async (ctx) => {
      if (!env.capabilities.hasRealMounts) ctx.skip(); // the fake has no filesystem for a program to see
      const configAt = join(scratch, "mnt", "config");
      const c = await start([fixture("cat-file.sh"), join(configAt, "app/settings.conf")], {
        mounts: [{ volume: "config", mountPath: configAt, readOnly: true }],
      });
      expect(await c.exited).toMatchObject({ exitCode: 0 });
      expect(c.logs.texts()).toEqual(["level=debug", "read-only"]);

      const dataAt = join(scratch, "data");
      const w = await start([fixture("cat-file.sh"), join(dataAt, "missing")], {
        name: "writer",
        mounts: [{ volume: "scratch", mountPath: dataAt, readOnly: false, subPath: "sub" }],
      });
      await w.exited;
      expect(w.logs.texts("stdout")).toEqual(["writable"]);
    });
  });
}
