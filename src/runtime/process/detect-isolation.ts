import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * How the process backend can isolate a container on this host:
 * - "namespaces": Linux as root (or with CAP_SYS_ADMIN) — pid + mount namespaces.
 * - "userns": Linux unprivileged — the same, inside a user namespace where podvisor's user is root.
 * - "none": no namespaces (not Linux, util-linux missing, or user namespaces disabled) — plain
 *   process groups; mountPaths cannot be honoured and a SIGKILLed podvisor can leak processes.
 */
export type Isolation =
  { kind: "namespaces" | "userns"; tools: IsolationTools } | { kind: "none"; why: string };

export interface IsolationTools {
  setpriv: string;
  unshare: string;
  nsenter: string;
  mount: string;
  mkdir: string;
  sh: string;
}

/** Probes once, synchronously (a few milliseconds): which isolation actually works here. */
export function detectIsolation(): Isolation {
  if (process.platform !== "linux")
    return { kind: "none", why: `platform is ${process.platform}, not Linux` };
  const tools = findTools();
  if (typeof tools === "string") return { kind: "none", why: tools };
  const base = ["--pid", "--mount", "--propagation", "private", "--", tools.sh, "-c", "exit 0"];
  if (succeeds(tools.unshare, base)) return { kind: "namespaces", tools };
  if (succeeds(tools.unshare, ["--user", "--map-root-user", ...base])) return { kind: "userns", tools };
  return {
    kind: "none",
    why: "cannot create pid/mount namespaces: not root and unprivileged user namespaces are disabled",
  };
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

function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 5_000 });
  return result.status === 0;
}
