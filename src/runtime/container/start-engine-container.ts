import type { Clock } from "../../shared/index.js";
import { ContainerStartError } from "../../shared/index.js";
import type { LogSink } from "../port.js";
import { EngineError } from "./container-errors.js";
import { readAll, type EngineClient } from "./engine-client.js";
import { attachOutput, type AttachedOutput } from "./engine-attach.js";
import { EngineContainer } from "./engine-container.js";
import { watchOomKills } from "./oom-kill-counter.js";
import { removeContainer } from "./pod-sandbox.js";
import { PreparedEngineContainer } from "./prepared-engine-container.js";

export interface PrepareRequest {
  /** The engine's name for this instance. */
  instanceName: string;
  body: Record<string, unknown>;
}

export interface LaunchRequest {
  stopSignal: string;
  onLog: LogSink;
  /** Called once the container has exited and is removed. */
  onGone: (id: string) => void;
  /** The termination message for an exit code, if the container has a terminationMessagePath. */
  readMessage?: (exitCode: number) => Promise<string | undefined>;
}

export type StartRequest = PrepareRequest & LaunchRequest;

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
  return startPreparedContainer(client, clock, await prepareEngineContainer(client, clock, req), req);
}

/**
 * create → attach → the exit wait registered: everything before the start. Podman does its
 * conmon and OCI set-up in the attach, so this is most of a start's cost; the container's program
 * does not run until `startPreparedContainer` (a created OCI container waits for its start).
 */
export async function prepareEngineContainer(
  client: EngineClient,
  clock: Clock,
  req: PrepareRequest,
): Promise<PreparedEngineContainer> {
  const created = await client
    .json<{ Id: string }>({
      method: "POST",
      path: "/containers/create",
      query: { name: req.instanceName },
      body: req.body,
    })
    .catch((error: unknown) => {
      throw startError("CreateContainerError", error);
    });
  const prepared = new PreparedEngineContainer(client, created.Id, req.instanceName, req.body);
  let output: AttachedOutput | undefined;
  try {
    output = await attachOutput(client, clock, created.Id, prepared.onLog);
    prepared.attached(output, (await waitForExit(client, created.Id)).exit);
    return prepared;
  } catch (error) {
    output?.detach();
    await removeContainer(client, created.Id);
    // Podman runs the OCI create in the attach (a missing executable fails here): created, not
    // started — an exited instance, as containerd keeps one whose start failed (A17).
    throw startError("RunContainerError", error, { containerId: created.Id });
  }
}

/** The start of a prepared container; a failed start removes it (RunContainerError). */
export async function startPreparedContainer(
  client: EngineClient,
  clock: Clock,
  prepared: PreparedEngineContainer,
  req: LaunchRequest,
): Promise<EngineContainer> {
  const { id } = prepared;
  const { output, exit } = prepared.launch(req.onLog);
  try {
    await client.call({ method: "POST", path: `/containers/${id}/start` });
  } catch (error) {
    await prepared.discard();
    // Created, its start refused: an exited instance, as containerd keeps it (A17).
    throw startError("RunContainerError", error, { containerId: id });
  }
  const hasMemoryLimit = (prepared.body.HostConfig as { Memory?: number } | undefined)?.Memory !== undefined;
  return new EngineContainer(
    client,
    clock,
    id,
    clock.now(),
    req.stopSignal,
    exit,
    output.done,
    () => req.onGone(id),
    req.readMessage,
    // Only a memory limit of the container's own can OOM-kill it in its cgroup.
    hasMemoryLimit ? watchOomKills(client, id, output.done).wasOomKilled : undefined,
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

/**
 * The runtime's own message, as the kubelet keeps it: kuberuntime_container.go `startContainer`
 * returns `s.Message()` of the CRI error (grpc status) for ErrCreateContainer and ErrRunContainer,
 * and that is the status's `waiting.message` and the `Failed` event's `Error: <message>`; the
 * container's name is not in it (kubectl shows the message under the container already).
 */
function startError(
  reason: "CreateContainerError" | "RunContainerError",
  error: unknown,
  leftExited?: { containerId: string },
): ContainerStartError {
  const text =
    error instanceof EngineError
      ? error.engineMessage
      : error instanceof Error
        ? error.message
        : String(error);
  return new ContainerStartError(text, reason, error, leftExited);
}
