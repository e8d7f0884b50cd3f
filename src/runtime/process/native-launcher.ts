import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IsolationTools } from "./detect-isolation.js";
import type { BindMount, LaunchCommand } from "./launch-command.js";

/**
 * How a namespaced container is launched (issue 17):
 * - "native": podvisor-launch (native/podvisor-launch.c, built by scripts/build-launcher.sh into
 *   dist/native/) does the namespaces, /proc, the bind mounts and the exec in one process;
 * - "chain": the shell chain of util-linux tools (launch-command.ts), where the launcher is not
 *   built, fails its self-check, or PODVISOR_LAUNCHER=chain asks for it.
 * Both give the same isolation, the same fd 3 protocol and the same failure messages.
 */
export type Launcher = { kind: "native"; path: string } | { kind: "chain"; why: string };

/**
 * Where `npm run build` puts the launcher, dist/native/: seen from this module in src/ or dist/,
 * or from the bundled CLI in dist/cli-bundle/ (scripts/bundle-cli.mjs).
 */
export const defaultLauncherPath = [
  new URL("../../../dist/native/podvisor-launch", import.meta.url),
  new URL("../native/podvisor-launch", import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((path, index, all) => index === all.length - 1 || existsSync(path))!;

/** PODVISOR_LAUNCHER: a launcher's path, or "chain" for the shell chain. */
export function findNativeLauncher(env: NodeJS.ProcessEnv): { path: string } | { why: string } {
  const chosen = env["PODVISOR_LAUNCHER"];
  if (chosen === "chain") return { why: "PODVISOR_LAUNCHER=chain" };
  const path = chosen === undefined || chosen === "" ? defaultLauncherPath : chosen;
  try {
    accessSync(path, constants.X_OK);
    return { path };
  } catch {
    return {
      why: `the native launcher ${path} is not built (npm run build compiles it with the system's C compiler)`,
    };
  }
}

/**
 * The launch of one container through the native launcher; the same contract as
 * buildNamespacedLaunch. `parentPid` is the process that spawns it (podvisor): the launcher exits
 * if its parent is already another one when its parent-death signal is armed.
 */
export function buildNativeLaunch(
  launcherPath: string,
  tools: IsolationTools,
  inUserNamespace: boolean,
  mounts: readonly BindMount[],
  workingDir: string,
  argv: readonly string[],
  parentPid: number = process.pid,
): LaunchCommand {
  const binds = mounts.flatMap((m) => [
    `${m.isDirectory ? "d" : "f"}${m.readOnly ? "r" : "w"}`,
    m.source,
    m.target,
  ]);
  return {
    command: launcherPath,
    args: [
      "1",
      String(parentPid),
      inUserNamespace ? "userns" : "host",
      tools.mount,
      tools.mkdir,
      tools.sh,
      workingDir,
      String(mounts.length),
      ...binds,
      "--",
      ...argv,
    ],
  };
}

// PID 1 of a fresh /proc: the shell reads its own pid from the /proc the launcher mounted.
const SELF_CHECK = 'read pid rest < /proc/self/stat && [ "$pid" = 1 ]';

/**
 * Runs `true`-like work through the launcher (a few milliseconds): passes when it reports
 * "started" on fd 3 and the program ran as PID 1 with a fresh /proc, and exits 0.
 */
export function selfCheckNativeLauncher(
  launcherPath: string,
  tools: IsolationTools,
  inUserNamespace: boolean,
): { ok: true } | { ok: false; why: string } {
  const launch = buildNativeLaunch(launcherPath, tools, inUserNamespace, [], "/", [
    tools.sh,
    "-c",
    SELF_CHECK,
  ]);
  const result = spawnSync(launch.command, launch.args, {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
    timeout: 5_000,
  });
  const status = String(result.output?.[3] ?? "").trim();
  if (result.status === 0 && status === "started") return { ok: true };
  const stderr = String(result.output?.[2] ?? "").trim();
  const detail = result.error?.message ?? (stderr || status || `exit status ${String(result.status)}`);
  return { ok: false, why: `the native launcher ${launcherPath} failed its self-check (${detail})` };
}
