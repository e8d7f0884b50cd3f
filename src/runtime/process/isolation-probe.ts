import { spawn, spawnSync } from "node:child_process";

/**
 * One command detectIsolation runs to learn what works on this host (the native launcher's
 * self-check, an `unshare` test), and what came of it. The decision sequence is written once
 * (detect-isolation.ts) and driven by either runner here: synchronously where a caller needs the
 * answer at once (`run --help`), or without blocking, so that `podvisor run` loads and admits its
 * manifests while the probe's process runs (issue 17: the probe is off the critical path).
 */
export interface IsolationProbe {
  command: string;
  args: string[];
  /** The probe's environment; absent: podvisor's own. */
  env?: NodeJS.ProcessEnv;
}

export interface ProbeOutcome {
  /** The exit status; null when the probe could not run or was killed. */
  status: number | null;
  stderr: string;
  /** What the probe wrote on fd 3 (the launchers' status channel). */
  fd3: string;
  /** Why it could not run (not found, timed out). */
  error?: Error;
}

/** A probe that has not finished by then has failed (a hung namespace set-up must not hang podvisor). */
const PROBE_TIMEOUT_MS = 5_000;

const probeStdio: ["ignore", "ignore", "pipe", "pipe"] = ["ignore", "ignore", "pipe", "pipe"];

export function runProbeSync(probe: IsolationProbe): ProbeOutcome {
  const result = spawnSync(probe.command, probe.args, {
    stdio: probeStdio,
    timeout: PROBE_TIMEOUT_MS,
    ...(probe.env ? { env: probe.env } : {}),
  });
  return {
    status: result.status,
    stderr: String(result.output?.[2] ?? ""),
    fd3: String(result.output?.[3] ?? ""),
    ...(result.error ? { error: result.error } : {}),
  };
}

export function runProbe(probe: IsolationProbe): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const child = spawn(probe.command, probe.args, {
      stdio: probeStdio,
      timeout: PROBE_TIMEOUT_MS,
      ...(probe.env ? { env: probe.env } : {}),
    });
    const stderr: Buffer[] = [];
    const fd3: Buffer[] = [];
    child.stdio[2]?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stdio[3]?.on("data", (chunk: Buffer) => fd3.push(chunk));
    let error: Error | undefined;
    const settle = (status: number | null) =>
      resolve({
        status,
        stderr: Buffer.concat(stderr).toString(),
        fd3: Buffer.concat(fd3).toString(),
        ...(error ? { error } : {}),
      });
    child.once("error", (cause) => {
      error = cause;
      // A probe that never started (not found, not executable) has nothing left to close.
      if (child.pid === undefined) settle(null);
    });
    child.once("close", (status) => settle(status));
  });
}
