import type { Clock } from "../../shared/index.js";
import type { ExecResult } from "../port.js";
import { createDemuxer } from "./demux-stream.js";
import type { EngineClient } from "./engine-client.js";
import { EngineError } from "./container-errors.js";

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
  let created: { Id: string };
  try {
    created = await client.json<{ Id: string }>({
      method: "POST",
      path: `/containers/${containerId}/exec`,
      body: { Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false },
    });
  } catch (error) {
    if (isContainerGone(error)) return diedWithContainer(error);
    throw error;
  }
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
  try {
    await finished; // a failed start is a fault, not an exit code…
  } catch (error) {
    // …except the container having stopped before the command entered it: the command died with
    // its container, as a process in the container's namespaces does (the runtime contract).
    if (isContainerGone(error)) return diedWithContainer(error);
    throw error;
  }
  const output = Buffer.concat(chunks).toString("utf8");
  let inspected: { ExitCode: number | null };
  try {
    inspected = await client.json<{ ExitCode: number | null }>({
      method: "GET",
      path: `/exec/${created.Id}/json`,
    });
  } catch (error) {
    // The container died with the command in it and was removed before the exec's exit could be
    // read (Podman then has no exec session either: 500 "no such container"): it died with it.
    if (isContainerGone(error)) return { exitCode: 137, output, timedOut: false };
    throw error;
  }
  return { exitCode: inspected.ExitCode ?? -1, output, timedOut: false };
}

/**
 * The container stopped before the command entered it (Docker: 409; Podman: "state improper"), or
 * is gone altogether (404; Podman: 500 "no such container" / "does not exist in database").
 */
function isContainerGone(error: unknown): error is EngineError {
  return (
    error instanceof EngineError &&
    (error.statusCode === 409 ||
      error.statusCode === 404 ||
      /not running|state improper|no such container|does not exist/i.test(error.engineMessage))
  );
}

/** 137, as the command of a container that is killed dies (the runtime contract). */
function diedWithContainer(error: EngineError): ExecResult {
  return { exitCode: 137, output: error.engineMessage, timedOut: false };
}
