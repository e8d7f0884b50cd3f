import { spawn } from "node:child_process";
import type { Clock } from "../../shared/index.js";
import type { ExecResult } from "../port.js";
import type { LaunchCommand } from "./launch-command.js";
import { exitCodeForSignal } from "../../api/index.js";

/** Exec output beyond this is dropped (the kubelet keeps even less of an exec probe's output). */
const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs a command to completion in its own process group, collecting stdout and stderr together;
 * SIGKILLs the group when `timeoutMs` passes (→ `timedOut: true`, exit code 137).
 */
export async function execInProcess(
  launch: LaunchCommand,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  clock: Clock,
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
  const done = new AbortController();
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once("error", (error) => resolve({ code: null, signal: null, error }));
      child.once("close", (code, signal) => resolve({ code, signal }));
    },
  );
  void clock.sleep(timeoutMs, done.signal).then(
    () => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
    () => undefined,
  );
  const result = await closed;
  done.abort();
  const output = Buffer.concat(chunks).toString("utf8");
  if (result.error) return { exitCode: 126, output: `${output}${result.error.message}`, timedOut };
  const exitCode = result.signal ? exitCodeForSignal(result.signal) : (result.code ?? 0);
  return { exitCode, output, timedOut };
}
