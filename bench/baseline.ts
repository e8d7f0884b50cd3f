/**
 * 1. The physical limit on this machine, measured in the same run as everything else:
 * - spawn_exit_ms: Node spawns `/bin/true` and observes its exit (the baseline);
 * - spawn_exit_sh_ms: the same for `sh -c :`;
 * - spawn_exit_ns_ms: `true` through the launcher podvisor uses here (the native podvisor-launch
 *   where it is built: unshare + fork + mount /proc + exec in one process; else the shell chain),
 *   with podvisor's pipes (stdout, stderr, fd 3), until 'close': the cost of isolation;
 * - spawn_exit_ns_chain_ms / spawn_ns_chain_first_instruction_ms: the same through the shell chain
 *   (setpriv → unshare --pid --mount → sh OUTER → setpriv → sh INNER = PID 1, which mounts /proc →
 *   exec), the fallback, for comparison;
 * - spawn_first_instruction_ms / spawn_ns_first_instruction_ms: spawn → the first instruction
 *   (`$EPOCHREALTIME`) of `bash -c`, plain and through the wrapper: the floor under every reaction
 *   that starts a container, since each ends at a bash container's first instruction;
 * - timestamp_cost_ms: two consecutive `echo $EPOCHREALTIME` in one bash (the stamp's own cost);
 * - exit_seen_ms / exit_seen_ns_ms: a bash's last instruction (its stamp) → its parent, Node, sees
 *   it gone ('close'), plain and through the launcher (there PID 1 exits, the launcher reaps it and
 *   exits): the kernel's part of every reaction that begins with a process ending (an exec probe's
 *   result, a container's exit);
 * - kill_ns_to_exit_seen_ms: SIGTERM to the PID 1 of a namespaced bash that traps it (`exit 0`),
 *   waiting on a background `sleep` as the reaction benchmarks' containers do → the launcher's
 *   'close': the kernel's part of a kill (the signal, the trap, PID 1's exit tearing the pid
 *   namespace down with its `sleep`, the launcher's reap and exit), which a liveness restart pays
 *   on top of the launch.
 * The variants run interleaved, so drift on the shared machine affects them alike.
 */
import { spawn, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Dist, Isolation } from "./lib/dist.js";
import { stampMs } from "./lib/manifests.js";
import { calibrate, realNowMs, summarize, type Figure } from "./lib/stats.js";

const CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export const BASELINE_NAMES = [
  "spawn_exit_ms",
  "spawn_exit_sh_ms",
  "spawn_exit_ns_ms",
  "spawn_first_instruction_ms",
  "spawn_ns_first_instruction_ms",
  "server_ns_first_instruction_ms",
  "spawn_exit_ns_chain_ms",
  "spawn_ns_chain_first_instruction_ms",
  "timestamp_cost_ms",
  "exit_seen_ms",
  "exit_seen_ns_ms",
  "kill_ns_to_exit_seen_ms",
] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];
export type Baseline = Record<BaselineName, Figure> & {
  isolation: Isolation["kind"];
  /** How the runtime launches a namespaced container here: "native" or "chain" (with why). */
  launcher: string;
};

/**
 * What `timeSpawn` resolves: the elapsed ms to `event`; the first stamp on stdout minus the spawn
 * time; the second stamp minus the first; or the `event` minus the last stamp.
 */
type Measure = "elapsed" | "firstStamp" | "stampGap" | "lastStampToEnd";

function timeSpawn(
  command: string,
  args: string[],
  options: SpawnOptions,
  { event = "close", measure = "elapsed" }: { event?: "close" | "exit"; measure?: Measure } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = realNowMs();
    const child = spawn(command, args, options);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr?.resume();
    const fd3 = child.stdio[3];
    if (fd3 && "resume" in fd3) fd3.resume();
    child.once("error", reject);
    child.once(event, (code: number | null) => {
      const end = realNowMs();
      if (code !== 0) return reject(new Error(`${command} exited ${code}`));
      const stamps = out
        .trim()
        .split("\n")
        .map((line) => stampMs(line) ?? NaN);
      const [first = NaN, second = NaN] = stamps;
      const last = stamps[stamps.length - 1] ?? NaN;
      const measures: Record<Measure, number> = {
        elapsed: end - start,
        firstStamp: first - start,
        stampGap: second - first,
        lastStampToEnd: end - last,
      };
      resolve(measures[measure]);
    });
  });
}

/** The launcher's one child, the container's PID 1 (as the process runtime finds it). */
function initPidOf(launcherPid: number | undefined): number | undefined {
  if (launcherPid === undefined) return undefined;
  try {
    const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, "utf8").trim();
    const pid = Number(children.split(/\s+/).pop());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawns a namespaced container that stamps once it waits; then SIGTERM to its PID 1 → 'close'.
 * Bounded: a container not gone within 5 s is SIGKILLed (with its process group) and rejects.
 */
function timeKill(command: string, args: string[], options: SpawnOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let killedAt = NaN;
    const stopAll = () => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    };
    const limit = setTimeout(stopAll, 5_000);
    child.stdout?.once("data", () => {
      const pid1 = initPidOf(child.pid);
      killedAt = realNowMs();
      if (pid1 === undefined) stopAll();
      else process.kill(pid1, "SIGTERM");
    });
    child.stdout?.resume();
    child.stderr?.resume();
    const fd3 = child.stdio[3];
    if (fd3 && "resume" in fd3) fd3.resume();
    child.once("error", reject);
    child.once("close", (code: number | null) => {
      const end = realNowMs();
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`${command} (killed with SIGTERM) exited ${code}`));
      resolve(end - killedAt);
    });
  });
}

export async function runBaseline(dist: Dist, { quick }: { quick: boolean }): Promise<Baseline> {
  const isolation = dist.process.detectIsolation();
  const n = quick ? 30 : 300;
  const env = { PATH: CONTAINER_PATH, HOSTNAME: "bench" };
  const stamp = 'echo "$EPOCHREALTIME"';
  const plain: SpawnOptions = { env, stdio: ["ignore", "pipe", "pipe"] };
  const namespaced: SpawnOptions = {
    env,
    cwd: "/",
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  };
  // The launcher the runtime uses here (the native one where it is built), and the shell chain.
  const throughWrapper = (argv: string[], measure: Measure): Promise<number> => {
    if (isolation.kind === "none") return Promise.resolve(NaN);
    const launch = dist.launch.buildContainerLaunch(isolation, [], "/", argv, env);
    return timeSpawn(launch.command, launch.args, namespaced, { measure });
  };
  const throughChain = (argv: string[], measure: Measure): Promise<number> => {
    if (isolation.kind === "none") return Promise.resolve(NaN);
    const inUserNamespace = isolation.kind === "userns";
    const launch = dist.launch.buildNamespacedLaunch(isolation.tools, inUserNamespace, [], "/", argv, env);
    return timeSpawn(launch.command, launch.args, namespaced, { measure });
  };
  // The reaction benchmarks' containers: a SIGTERM trap, a background sleep, a wait.
  const trapping = `trap 'exit 0' TERM; sleep 600 >/dev/null 2>&1 & ${stamp}; wait`;
  const killedThroughWrapper = (): Promise<number> => {
    if (isolation.kind === "none") return Promise.resolve(NaN);
    const launch = dist.launch.buildContainerLaunch(isolation, [], "/", ["bash", "-c", trapping], env);
    return timeKill(launch.command, launch.args, namespaced);
  };
  // How the process runtime starts a container with the native launcher (issue 17): the
  // launch sent to its long-lived launcher server, which forks the launcher.
  const server =
    isolation.kind !== "none" && isolation.launcher.kind === "native"
      ? new dist.launchServer.LaunchServer(isolation.launcher.path, { debug: () => {}, warn: () => {} })
      : undefined;
  const throughServer = async (argv: string[]): Promise<number> => {
    if (!server || isolation.kind === "none") return NaN;
    const serverPid = await server.start();
    const launch = dist.launch.buildContainerLaunch(isolation, [], "/", argv, env, serverPid);
    return new Promise((resolve, reject) => {
      const start = realNowMs();
      let out = "";
      server.spawner(
        { launch, env, cwd: "/", hasStatus: true },
        {
          spawned: () => undefined,
          failed: reject,
          stdout: (chunk) => (out += chunk.toString("utf8")),
          stderr: () => undefined,
          status: () => undefined,
          exited: () => undefined,
          closed: (code) =>
            code === 0
              ? resolve((stampMs(out.trim().split("\n")[0] ?? "") ?? NaN) - start)
              : reject(new Error(`a launch through the launcher server exited ${String(code)}`)),
        },
      );
    });
  };
  const variants: Record<BaselineName, () => Promise<number>> = {
    spawn_exit_ms: () => timeSpawn("/bin/true", [], { stdio: "ignore" }, { event: "exit" }),
    spawn_exit_sh_ms: () => timeSpawn("/bin/sh", ["-c", ":"], { stdio: "ignore" }, { event: "exit" }),
    spawn_exit_ns_ms: () => throughWrapper(["true"], "elapsed"),
    spawn_first_instruction_ms: () => timeSpawn("bash", ["-c", stamp], plain, { measure: "firstStamp" }),
    spawn_ns_first_instruction_ms: () => throughWrapper(["bash", "-c", stamp], "firstStamp"),
    server_ns_first_instruction_ms: () => throughServer(["bash", "-c", stamp]),
    spawn_exit_ns_chain_ms: () => throughChain(["true"], "elapsed"),
    spawn_ns_chain_first_instruction_ms: () => throughChain(["bash", "-c", stamp], "firstStamp"),
    timestamp_cost_ms: () => timeSpawn("bash", ["-c", `${stamp}; ${stamp}`], plain, { measure: "stampGap" }),
    exit_seen_ms: () => timeSpawn("bash", ["-c", stamp], plain, { measure: "lastStampToEnd" }),
    exit_seen_ns_ms: () => throughWrapper(["bash", "-c", stamp], "lastStampToEnd"),
    kill_ns_to_exit_seen_ms: killedThroughWrapper,
  };
  const samples = Object.fromEntries(BASELINE_NAMES.map((name) => [name, [] as number[]])) as Record<
    BaselineName,
    number[]
  >;
  // Warm-up: the page cache, the dynamic linker, libuv's first spawn.
  for (const name of BASELINE_NAMES) await variants[name]();
  for (let i = 0; i < n; i++) {
    calibrate();
    for (const name of BASELINE_NAMES) samples[name].push(await variants[name]());
  }
  server?.close();
  const result = Object.fromEntries(BASELINE_NAMES.map((name) => [name, summarize(samples[name])])) as Record<
    BaselineName,
    Figure
  >;
  const launcher =
    isolation.kind === "none"
      ? "none"
      : isolation.launcher.kind === "native"
        ? `native (${isolation.launcher.path})`
        : `chain (${isolation.launcher.why})`;
  return { ...result, isolation: isolation.kind, launcher };
}
