/**
 * A runtime wrapper for the reaction benchmarks: it stamps each call podvisor makes (start, stop,
 * exec) and each answer it gets (started, exited, exec returned), by container name, every
 * occurrence in order (a restarted container has several instances).
 */
import type { ContainerRuntime } from "./dist.js";
import { realNowMs } from "./stats.js";

export class Trace {
  private readonly marks = new Map<string, number[]>();

  mark(key: string, atMs = realNowMs()): void {
    const list = this.marks.get(key) ?? [];
    list.push(atMs);
    this.marks.set(key, list);
  }

  /** The `index`-th stamp of `key` (0: the first), NaN when there is none. */
  at(key: string, index = 0): number {
    return this.marks.get(key)?.[index] ?? NaN;
  }

  /** The first stamp of `key` at or after `afterMs`, NaN when there is none. */
  firstAfter(key: string, afterMs: number): number {
    return this.marks.get(key)?.find((at) => at >= afterMs) ?? NaN;
  }
}

const containerName = (id: string) => id.split("/")[1] ?? id;

export function tracing(runtime: ContainerRuntime, trace: Trace): ContainerRuntime {
  return {
    name: runtime.name,
    capabilities: runtime.capabilities,
    imageStatus: (image) => runtime.imageStatus(image),
    pullImage: (image) => runtime.pullImage(image),
    checkPod: (spec, containers) => runtime.checkPod(spec, containers),
    createSandbox: (spec) => runtime.createSandbox(spec),
    updateSandboxVolumes: (sandbox, volumes) => runtime.updateSandboxVolumes(sandbox, volumes),
    removeSandbox: (sandbox) => runtime.removeSandbox(sandbox),
    close: () => runtime.close(),
    async execInContainer(id, argv, timeoutMs) {
      const name = containerName(id);
      trace.mark(`${name}.execCall`);
      const result = await runtime.execInContainer(id, argv, timeoutMs);
      trace.mark(`${name}.execReturned`);
      return result;
    },
    async startContainer(sandbox, spec, onLog) {
      trace.mark(`${spec.name}.startCall`);
      const started = await runtime.startContainer(sandbox, spec, onLog);
      trace.mark(`${spec.name}.started`);
      void started.exited.then(() => trace.mark(`${spec.name}.exited`));
      return started;
    },
    stopContainer(id, gracePeriodMs) {
      trace.mark(`${containerName(id)}.stopCall`);
      return runtime.stopContainer(id, gracePeriodMs);
    },
  };
}
