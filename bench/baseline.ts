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
 * - timestamp_cost_ms: two consecutive `echo $EPOCHREALTIME` in one bash (the stamp's own cost).
 * The variants run interleaved, so drift on the shared machine affects them alike.
 */
import { spawn, type SpawnOptions } from "node:child_process";
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
  "spawn_exit_ns_chain_ms",
  "spawn_ns_chain_first_instruction_ms",
  "timestamp_cost_ms",
] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];
export type Baseline = Record<BaselineName, Figure> & {
  isolation: Isolation["kind"];
  /** How the runtime launches a namespaced container here: "native" or "chain" (with why). */
  launcher: string;
};

/** Resolves the elapsed ms; with `stamped`, to the first stamp on stdout minus the spawn time (or second − first). */
function timeSpawn(
  command: string,
  args: string[],
  options: SpawnOptions,
  { event = "close", stamped = false }: { event?: "close" | "exit"; stamped?: boolean } = {},
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
      if (!stamped) return resolve(end - start);
      const stamps = out
        .trim()
        .split("\n")
        .map((line) => stampMs(line) ?? NaN);
      const [first = NaN, second] = stamps;
      resolve(second !== undefined ? second - first : first - start);
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
  const throughWrapper = (argv: string[], stamped: boolean): Promise<number> => {
    if (isolation.kind === "none") return Promise.resolve(NaN);
    const launch = dist.launch.buildContainerLaunch(isolation, [], "/", argv, env);
    return timeSpawn(launch.command, launch.args, namespaced, { stamped });
  };
  const throughChain = (argv: string[], stamped: boolean): Promise<number> => {
    if (isolation.kind === "none") return Promise.resolve(NaN);
    const inUserNamespace = isolation.kind === "userns";
    const launch = dist.launch.buildNamespacedLaunch(isolation.tools, inUserNamespace, [], "/", argv, env);
    return timeSpawn(launch.command, launch.args, namespaced, { stamped });
  };
  const variants: Record<BaselineName, () => Promise<number>> = {
    spawn_exit_ms: () => timeSpawn("/bin/true", [], { stdio: "ignore" }, { event: "exit" }),
    spawn_exit_sh_ms: () => timeSpawn("/bin/sh", ["-c", ":"], { stdio: "ignore" }, { event: "exit" }),
    spawn_exit_ns_ms: () => throughWrapper(["true"], false),
    spawn_first_instruction_ms: () => timeSpawn("bash", ["-c", stamp], plain, { stamped: true }),
    spawn_ns_first_instruction_ms: () => throughWrapper(["bash", "-c", stamp], true),
    spawn_exit_ns_chain_ms: () => throughChain(["true"], false),
    spawn_ns_chain_first_instruction_ms: () => throughChain(["bash", "-c", stamp], true),
    timestamp_cost_ms: () => timeSpawn("bash", ["-c", `${stamp}; ${stamp}`], plain, { stamped: true }),
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
