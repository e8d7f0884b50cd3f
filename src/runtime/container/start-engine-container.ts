import type { Clock } from "../../shared/index.js";
import { ContainerStartError } from "../../shared/index.js";
import type { LogSink } from "../port.js";
import { EngineError } from "./container-errors.js";
import { readAll, type EngineClient } from "./engine-client.js";
import { attachOutput, type AttachedOutput } from "./engine-attach.js";
import { EngineContainer } from "./engine-container.js";
import { watchOomKills } from "./oom-kill-counter.js";
import { removeContainer } from "./pod-sandbox.js";

export interface StartRequest {
  /** The pod's container name, for messages. */
  name: string;
  /** The engine's name for this instance. */
  instanceName: string;
  body: Record<string, unknown>;
  stopSignal: string;
  onLog: LogSink;
  /** Called once the container has exited and is removed. */
  onGone: (id: string) => void;
  /** The termination message for an exit code, if the container has a terminationMessagePath. */
  readMessage?: (exitCode: number) => Promise<string | undefined>;
}

/**
 * create → attach → start, in that order so that no output is missed. A refused create is
 * CreateContainerError, a failed start (executable missing, …) RunContainerError with the OCI
 * runtime's own message, as the kubelet shows them; the half-made container is removed.
 */
export async function startEngineContainer(
  client: EngineClient,
  clock: Clock,
  req: StartRequest,
): Promise<EngineContainer> {
  const created = await client
    .json<{ Id: string }>({
      method: "POST",
      path: "/containers/create",
      query: { name: req.instanceName },
      body: req.body,
    })
    .catch((error: unknown) => {
      throw startError(req.name, "CreateContainerError", error);
    });
  let output: AttachedOutput | undefined;
  let waited: { exit: Promise<{ StatusCode: number }> } | undefined;
  try {
    output = await attachOutput(client, clock, created.Id, req.onLog);
    waited = await waitForExit(client, created.Id);
    await client.call({ method: "POST", path: `/containers/${created.Id}/start` });
  } catch (error) {
    output?.detach();
    waited?.exit.catch(() => undefined);
    await removeContainer(client, created.Id);
    throw startError(req.name, "RunContainerError", error);
  }
  const hasMemoryLimit = (req.body.HostConfig as { Memory?: number } | undefined)?.Memory !== undefined;
  return new EngineContainer(
    client,
    clock,
    created.Id,
    clock.now(),
    req.stopSignal,
    waited.exit,
    output.done,
    () => req.onGone(created.Id),
    req.readMessage,
    // Only a memory limit of the container's own can OOM-kill it in its cgroup.
    hasMemoryLimit ? watchOomKills(client, created.Id, output.done).wasOomKilled : undefined,
  );
}

/**
 * The wait for the instance's exit, registered before its start as `docker run` does it
 * (condition `next-exit`; the engine sends the answer's headers once the wait is in place): an
 * exit can then not slip by between the start and the wait. Podman also answers it as soon as the
 * container has stopped, where its default condition (`not-running`) waits for the cleanup that
 * follows — some 0.5 s more on every exit here. Resolves with the exit once it happens.
 */
async function waitForExit(
  client: EngineClient,
  id: string,
): Promise<{ exit: Promise<{ StatusCode: number }> }> {
  const res = await client.stream({
    method: "POST",
    path: `/containers/${id}/wait`,
    query: { condition: "next-exit" },
  });
  return { exit: readAll(res).then((text) => JSON.parse(text) as { StatusCode: number }) };
}

function startError(
  name: string,
  reason: "CreateContainerError" | "RunContainerError",
  error: unknown,
): ContainerStartError {
  const text =
    error instanceof EngineError
      ? error.engineMessage
      : error instanceof Error
        ? error.message
        : String(error);
  return new ContainerStartError(`container "${name}": ${text}`, reason, error);
}
