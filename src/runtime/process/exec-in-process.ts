import { spawn } from "node:child_process";
import { SLEEP_ABORTED, type Clock } from "../../shared/index.js";
import type { ExecResult } from "../port.js";
import type { LaunchCommand } from "./launch-command.js";
import { exitCodeForSignal } from "../../api/index.js";

/** Exec output beyond this is dropped (the kubelet keeps even less of an exec probe's output). */
const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs a command to completion in its own process group, collecting stdout and stderr together;
 * SIGKILLs the group when `timeoutMs` passes (→ `timedOut: true`, exit code 137) or when `killed`
 * aborts (its container exited: exit code 137, not a timeout).
 */
export async function execInProcess(
  launch: LaunchCommand,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  clock: Clock,
  killed?: AbortSignal,
): Promise<ExecResult> {
  const child = spawn(launch.command, launch.args, {
    env,
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = (chunk: Buffer) => {
    if (size >= MAX_EXEC_OUTPUT_BYTES) return;
    chunks.push(chunk.subarray(0, MAX_EXEC_OUTPUT_BYTES - size));
    size += chunk.length;
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let timedOut = false;
  let isDone = false;
  const done = new AbortController();
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once("error", (error) => resolve({ code: null, signal: null, error }));
      child.once("close", (code, signal) => resolve({ code, signal }));
    },
  );
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  void clock.sleep(timeoutMs, done.signal).then(
    () => {
      if (isDone) return;
      timedOut = true;
      killGroup();
    },
    () => undefined,
  );
  if (killed?.aborted) killGroup();
  else killed?.addEventListener("abort", killGroup, { once: true });
  const result = await closed;
  isDone = true;
  killed?.removeEventListener("abort", killGroup);
  // The timeout's timer goes once the result is handed back: cancelling it dispatches an abort
  // event, which need not delay a probe's outcome (issue 17).
  setImmediate(() => done.abort(SLEEP_ABORTED));
  const output = Buffer.concat(chunks).toString("utf8");
  if (result.error) return { exitCode: 126, output: `${output}${result.error.message}`, timedOut };
  const exitCode = result.signal ? exitCodeForSignal(result.signal) : (result.code ?? 0);
  return { exitCode, output, timedOut };
}
