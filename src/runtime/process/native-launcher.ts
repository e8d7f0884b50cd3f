import { accessSync, constants, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IsolationTools } from "./detect-isolation.js";
import type { IsolationProbe, ProbeOutcome } from "./isolation-probe.js";
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
 * The launcher's self-check: `true`-like work through it (a few milliseconds). It passes when the
 * launcher reports "started" on fd 3 and the program ran as PID 1 with a fresh /proc, and exits 0
 * (judgeNativeSelfCheck).
 */
export function nativeSelfCheckProbe(
  launcherPath: string,
  tools: IsolationTools,
  inUserNamespace: boolean,
): IsolationProbe {
  const launch = buildNativeLaunch(launcherPath, tools, inUserNamespace, [], "/", [
    tools.sh,
    "-c",
    SELF_CHECK,
  ]);
  return {
    command: launch.command,
    args: launch.args,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
  };
}

export function judgeNativeSelfCheck(
  launcherPath: string,
  outcome: ProbeOutcome,
): { ok: true } | { ok: false; why: string } {
  const status = outcome.fd3.trim();
  if (outcome.status === 0 && status === "started") return { ok: true };
  const stderr = outcome.stderr.trim();
  const detail = outcome.error?.message ?? (stderr || status || `exit status ${String(outcome.status)}`);
  return { ok: false, why: `the native launcher ${launcherPath} failed its self-check (${detail})` };
}
