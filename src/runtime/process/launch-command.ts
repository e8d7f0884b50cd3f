import { dirname } from "node:path";
import type { IsolationTools, NamespacedIsolation } from "./detect-isolation.js";
import { buildNativeLaunch } from "./native-launcher.js";

/** A bind mount the container's init script performs inside its private mount namespace. */
export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
  /** The source is a directory (else a file: the mount point is then an empty file). */
  isDirectory: boolean;
}

export interface LaunchCommand {
  command: string;
  args: string[];
}

/**
 * The command that runs one container in its own pid + mount namespace, through the launcher the
 * isolation chose: the native one (native-launcher.ts) or the shell chain below. `parentPid` is
 * the process that will spawn the native launcher (podvisor, or its launcher server).
 */
export function buildContainerLaunch(
  isolation: NamespacedIsolation,
  mounts: BindMount[],
  workingDir: string,
  argv: string[],
  env: Record<string, string>,
  parentPid: number = process.pid,
): LaunchCommand {
  const { launcher, tools } = isolation;
  const inUserNamespace = isolation.kind === "userns";
  return launcher.kind === "native"
    ? buildNativeLaunch(launcher.path, tools, inUserNamespace, mounts, workingDir, argv, parentPid)
    : buildNamespacedLaunch(tools, inUserNamespace, mounts, workingDir, argv, env);
}

/**
 * Builds the shell chain that runs one container in its own pid + mount namespace (Linux).
 *
 *   setpriv --pdeathsig KILL -- unshare [--user --map-root-user] --pid --mount -- sh -c OUTER
 *
 * OUTER (host pid namespace, new mount namespace; the process node spawned, group leader) runs
 * INNER in the foreground as the new namespace's PID 1 with pdeathsig KILL, waits for it and exits
 * with its status (sh reports a signal death N as 128+N). INNER mounts /proc, makes the bind
 * mounts, enters workingDir, checks the executable, reports "started" on fd 3 and execs argv, so
 * argv is PID 1. Why not `unshare --fork --kill-child`: util-linux 2.38 turns a
 * child's signal death into exit status 1 ("sigprocmask unblock failed"), losing 137/SIGKILL.
 *
 * Lifetime: podvisor dies → OUTER gets SIGKILL (pdeathsig) → PID 1 gets SIGKILL (pdeathsig) →
 * the kernel kills every process in the pid namespace. Nothing outlives podvisor.
 *
 * fd 3 protocol: exactly one line, "started" or "error <message>".
 */
export function buildNamespacedLaunch(
  tools: IsolationTools,
  inUserNamespace: boolean,
  mounts: BindMount[],
  workingDir: string,
  argv: string[],
  env: Record<string, string>,
): LaunchCommand {
  // OUTER must not fork before INNER: its first child becomes the pid namespace's init.
  const outer = [
    `__pv_inner=$1; shift`,
    `${quote(tools.setpriv)} --pdeathsig KILL -- ${quote(tools.sh)} -c "$__pv_inner" podvisor-init "$@"`,
    `exit $?`,
  ].join("\n");
  const inner = [
    `fail() { printf 'error %s\\n' "$1" >&3; exit 128; }`,
    `${quote(tools.mount)} -t proc proc /proc 2>/dev/null`,
    ...mounts.flatMap((m) => bindMountLines(tools, m)),
    `cd ${quote(workingDir)} 2>/dev/null || { printf 'error chdir to cwd ("%s") failed: no such directory\\n' ${quote(workingDir)} >&3; exit 128; }`,
    FIND_EXECUTABLE,
    // sh exports PWD and OLDPWD; the container gets exactly its spec's environment.
    `unset __pv_out`,
    `unset -f fail`,
    ...["PWD", "OLDPWD", "__pv_inner"].map((name) =>
      env[name] === undefined ? `unset ${name}` : `export ${name}=${quote(env[name])}`,
    ),
    `printf 'started\\n' >&3`,
    `exec 3>&-`,
    `exec "$@"`,
  ].join("\n");
  const userns = inUserNamespace ? ["--user", "--map-root-user"] : [];
  return {
    command: tools.setpriv,
    args: [
      "--pdeathsig",
      "KILL",
      "--",
      tools.unshare,
      ...userns,
      "--pid",
      "--mount",
      "--propagation",
      "private",
      "--",
      tools.sh,
      "-c",
      outer,
      "podvisor-outer",
      inner,
      ...argv,
    ],
  };
}

function bindMountLines(tools: IsolationTools, m: BindMount): string[] {
  const mount = tools.mount;
  const source = quote(m.source);
  const target = quote(m.target);
  // The host-side mount point exists already; one nested in an earlier mount may not (runc makes
  // those inside the volume, so do we).
  const parent = quote(m.isDirectory ? m.target : dirname(m.target));
  const makeFile = m.isDirectory ? "" : ` && command : > ${target}`;
  const ensure = `[ -e ${target} ] || { __pv_out=$(${quote(tools.mkdir)} -p ${parent} 2>&1)${makeFile}; } || fail "mount point ${escapeDq(m.target)}: $__pv_out"`;
  const lines = [
    ensure,
    `__pv_out=$(${quote(mount)} --bind ${source} ${target} 2>&1) || fail "mount ${escapeDq(m.target)}: $__pv_out"`,
  ];
  if (m.readOnly) {
    // A user namespace may not drop flags the host mount has locked (nosuid, nodev): retry with them.
    lines.push(
      `__pv_out=$(${quote(mount)} -o remount,bind,ro ${target} 2>&1) || __pv_out=$(${quote(mount)} -o remount,bind,ro,nosuid,nodev ${target} 2>&1) || fail "remount read-only ${escapeDq(m.target)}: $__pv_out"`,
    );
  }
  return lines;
}

// Mirrors runc/containerd's messages: exec: "foo": executable file not found in $PATH.
const FIND_EXECUTABLE = `case $1 in
*/*) if [ ! -e "$1" ]; then printf 'error exec: "%s": stat %s: no such file or directory\\n' "$1" "$1" >&3; exit 128; fi
     if [ -d "$1" ] || [ ! -x "$1" ]; then printf 'error exec: "%s": permission denied\\n' "$1" >&3; exit 128; fi ;;
*) __pv_found=; __pv_ifs=$IFS; IFS=:
   for __pv_dir in $PATH; do if [ -f "\${__pv_dir:-.}/$1" ] && [ -x "\${__pv_dir:-.}/$1" ]; then __pv_found=1; break; fi; done
   IFS=$__pv_ifs
   if [ -z "$__pv_found" ]; then printf 'error exec: "%s": executable file not found in $PATH\\n' "$1" >&3; exit 128; fi
   unset __pv_found __pv_ifs __pv_dir ;;
esac`;

/** Quotes a string for POSIX sh. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function escapeDq(value: string): string {
  return value.replace(/["\\$`]/g, (c) => `\\${c}`);
}
