import type { Clock } from "../../shared/index.js";
import type { ExecResult } from "../port.js";
import { createDemuxer } from "./demux-stream.js";
import type { EngineClient } from "./engine-client.js";

/** Output kept from an exec (stdout and stderr together), as the process backend keeps it. */
const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs `argv` in a running container through the Engine API's exec (exec probes and hooks): the
 * container's environment, user and working directory, output read until the command ends. At
 * `timeoutMs` podvisor stops waiting and reports `timedOut`; the Engine API has no call to kill an
 * exec, so the command may run on in the container until it ends (as with dockershim before
 * Kubernetes 1.20 enforced exec probe timeouts).
 */
export async function execInEngineContainer(
  client: EngineClient,
  clock: Clock,
  containerId: string,
  argv: readonly string[],
  timeoutMs: number,
): Promise<ExecResult> {
  const created = await client.json<{ Id: string }>({
    method: "POST",
    path: `/containers/${containerId}/exec`,
    body: { Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false },
  });
  const abort = new AbortController();
  const chunks: Buffer[] = [];
  let keptBytes = 0;
  const demuxer = createDemuxer((_stream, payload) => {
    if (keptBytes >= MAX_EXEC_OUTPUT_BYTES) return;
    const kept = payload.subarray(0, MAX_EXEC_OUTPUT_BYTES - keptBytes);
    chunks.push(Buffer.from(kept));
    keptBytes += kept.length;
  });
  const finished = (async () => {
    const res = await client.stream({
      method: "POST",
      path: `/exec/${created.Id}/start`,
      body: { Detach: false, Tty: false },
      signal: abort.signal,
    });
    for await (const chunk of res as AsyncIterable<Buffer>) demuxer.push(chunk);
    return true;
  })();
  const timer = new AbortController();
  const timedOut = clock.sleep(timeoutMs, timer.signal).then(
    () => false,
    () => true,
  );
  const isFinished = await Promise.race([finished.catch(() => true), timedOut]);
  timer.abort();
  if (!isFinished) {
    abort.abort();
    await finished.catch(() => undefined);
    return { exitCode: -1, output: Buffer.concat(chunks).toString("utf8"), timedOut: true };
  }
  await finished; // a failed start is a fault, not an exit code
  const inspected = await client.json<{ ExitCode: number | null }>({
    method: "GET",
    path: `/exec/${created.Id}/json`,
  });
  return {
    exitCode: inspected.ExitCode ?? -1,
    output: Buffer.concat(chunks).toString("utf8"),
    timedOut: false,
  };
}
