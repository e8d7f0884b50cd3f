/**
 * What starting and stopping a container needs from its pod worker: a narrow view, so the
 * container operations stay separate from the worker's sync loop.
 */
import type { Container, Pod } from "../api/index.js";
import type { Observation } from "../lifecycle/index.js";
import type { PodSandbox } from "../runtime/index.js";
import type { podEvents } from "./pod-events.js";
import type { PodWorkerDeps } from "./pod-worker.js";
import type { ProbeWorkers } from "./probe-workers.js";

export interface ContainerContext {
  readonly deps: PodWorkerDeps;
  readonly events: ReturnType<typeof podEvents>;
  readonly probes: ProbeWorkers;
  /** Each running instance's exit, by container name: a sleep preStop ends early on it (F6). */
  readonly exits: Map<string, Promise<unknown>>;
  pod(): Pod;
  sandbox(): PodSandbox | undefined;
  spec(name: string): Container;
  /** The id of the container's running instance, if it runs. */
  containerId(name: string): string | undefined;
  /** How many instances of the container were created before the current one (B5). */
  restartCount(name: string): number;
  /** kubelet `format.Pod`: name_namespace(uid). */
  podLabel(): string;
  record(observation: Observation): void;
  requestSync(): void;
}
