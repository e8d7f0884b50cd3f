import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { isLaunchServerWanted } from "./launch-server.js";
import { runProbe, runProbeSync, type IsolationProbe, type ProbeOutcome } from "./isolation-probe.js";
import {
  findNativeLauncher,
  judgeNativeSelfCheck,
  nativeSelfCheckProbe,
  type Launcher,
} from "./native-launcher.js";

/**
 * How the process backend can isolate a container on this host:
 * - "namespaces": Linux as root (or with CAP_SYS_ADMIN) — pid + mount namespaces.
 * - "userns": Linux unprivileged — the same, inside a user namespace where podvisor's user is root.
 * - "none": no namespaces (not Linux, util-linux missing, or user namespaces disabled) — plain
 *   process groups; mountPaths cannot be honoured and a SIGKILLed podvisor can leak processes.
 * With namespaces, `launcher` says how a container is launched: the native launcher, or the shell
 * chain of the tools (native-launcher.ts).
 */
export type Isolation = NamespacedIsolation | { kind: "none"; why: string };

export interface NamespacedIsolation {
  kind: "namespaces" | "userns";
  tools: IsolationTools;
  launcher: Launcher;
}

export interface IsolationTools {
  setpriv: string;
  unshare: string;
  nsenter: string;
  mount: string;
  mkdir: string;
  sh: string;
}

/**
 * Probes once, synchronously (a few milliseconds): which isolation actually works here, and
 * whether the native launcher works in it. Where the launcher is built, its self-check is the
 * probe (one spawn, as the unshare probe was); otherwise, or when it fails, the shell chain's
 * tools are probed as before.
 */
export function detectIsolation(env: NodeJS.ProcessEnv = process.env): Isolation {
  const steps = isolationSteps(env);
  let step = steps.next();
  while (!step.done) step = steps.next(runProbeSync(step.value));
  return step.value;
}

/**
 * The same probe without blocking: `podvisor run` starts it before it loads its command and reads
 * its manifests, and the runtime waits for the answer only at its first pod (issue 17).
 */
export async function detectIsolationAsync(env: NodeJS.ProcessEnv = process.env): Promise<Isolation> {
  const steps = isolationSteps(env);
  let step = steps.next();
  while (!step.done) step = steps.next(await runProbe(step.value));
  return step.value;
}

/** The decision: each probe to run is yielded, its outcome comes back, the verdict is returned. */
function* isolationSteps(env: NodeJS.ProcessEnv): Generator<IsolationProbe, Isolation, ProbeOutcome> {
  if (process.platform !== "linux")
    return { kind: "none", why: `platform is ${process.platform}, not Linux` };
  const tools = findTools();
  if (typeof tools === "string") return { kind: "none", why: tools };
  const native = findNativeLauncher(env);
  let chain: Launcher = { kind: "chain", why: "why" in native ? native.why : "" };
  if ("path" in native) {
    const launcher: Launcher = { kind: "native", path: native.path };
    const asRoot = judgeNativeSelfCheck(native.path, yield nativeSelfCheckProbe(native.path, tools, false));
    if (asRoot.ok) return { kind: "namespaces", tools, launcher };
    const inUserNamespace = yield nativeSelfCheckProbe(native.path, tools, true);
    if (judgeNativeSelfCheck(native.path, inUserNamespace).ok) return { kind: "userns", tools, launcher };
    chain = { kind: "chain", why: asRoot.why };
  }
  const base = ["--pid", "--mount", "--propagation", "private", "--", tools.sh, "-c", "exit 0"];
  if ((yield { command: tools.unshare, args: base }).status === 0)
    return { kind: "namespaces", tools, launcher: chain };
  if ((yield { command: tools.unshare, args: ["--user", "--map-root-user", ...base] }).status === 0)
    return { kind: "userns", tools, launcher: chain };
  return {
    kind: "none",
    why: "cannot create pid/mount namespaces: not root and unprivileged user namespaces are disabled",
  };
}

/** One line for `podvisor run --help`: how containers are isolated and launched on this host. */
export function describeIsolation(isolation: Isolation, env: NodeJS.ProcessEnv = process.env): string {
  if (isolation.kind === "none")
    return `no namespaces (${isolation.why}): containers are plain process groups`;
  const namespaces =
    isolation.kind === "namespaces" ? "pid + mount namespaces" : "pid + mount namespaces in a user namespace";
  const { launcher } = isolation;
  const how =
    launcher.kind === "native"
      ? isLaunchServerWanted(env)
        ? `the native launcher ${launcher.path}, whose long-lived server (\`podvisor-launch --serve\`) clones each PID 1 into its namespaces (PODVISOR_LAUNCH_SERVER=off spawns one launcher per container instead)`
        : `the native launcher ${launcher.path}, one spawn per container (PODVISOR_LAUNCH_SERVER=off)`
      : `the shell chain setpriv → unshare → sh (${launcher.why})`;
  return `${namespaces}; containers start through ${how}`;
}

function findTools(): IsolationTools | string {
  const found: Partial<IsolationTools> = {};
  for (const name of ["setpriv", "unshare", "nsenter", "mount", "mkdir", "sh"] as const) {
    const path = findExecutable(name);
    if (path === undefined) return `${name} not found in PATH`;
    found[name] = path;
  }
  return found as IsolationTools;
}

function findExecutable(name: string): string | undefined {
  const dirs = (process.env["PATH"] ?? "")
    .split(delimiter)
    .concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]);
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
