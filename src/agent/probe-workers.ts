/**
 * The probe manager (kubelet `prober_manager` + `worker`), event-driven: for each container
 * instance and each of its probes one timer, armed on the injected Clock for the prober's
 * `nextRunAtMs` and cancelled with the instance (exit, kill, pod finish). No polling loop, no
 * process per http/tcp/grpc probe. The decisions are the pure `nextProbeStep`; this file only runs
 * handlers, reports recorded-result changes (`onResult`), failed runs (`onUnhealthy`) and
 * successful runs that carry a warning (`onWarning`).
 */
import type { Container, Probe } from "../api/index.js";
import type { ProbeResult } from "../lifecycle/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { WakeTimer, type Clock } from "../shared/index.js";
import {
  createProber,
  nextProbeStep,
  probeTiming,
  probeWarningMessage,
  runProbe,
  unhealthyMessage,
  type ProbeKind,
  type ProberEvent,
  type ProberState,
} from "../probes/index.js";

export interface ProbeWorkersDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  /** The recorded result of a probe of the current instance of `name` changed. */
  onResult: (name: string, probe: ProbeKind, result: ProbeResult) => void;
  /** A run failed or errored: the `Unhealthy` warning event's message. */
  onUnhealthy: (container: Container, message: string) => void;
  /** A run succeeded with a warning (an httpGet probe ended on a redirect): the `ProbeWarning` event's message. */
  onWarning: (container: Container, message: string) => void;
}

interface ProberSlot {
  kind: ProbeKind;
  probe: Probe;
  state: ProberState;
  /** Armed for the prober's `nextRunAtMs`. */
  timer: WakeTimer;
}

interface InstanceProbes {
  id: string;
  container: Container;
  podIP: string;
  slots: ProberSlot[];
  isCancelled: boolean;
}

const KINDS: { kind: ProbeKind; field: "startupProbe" | "livenessProbe" | "readinessProbe" }[] = [
  { kind: "startup", field: "startupProbe" },
  { kind: "liveness", field: "livenessProbe" },
  { kind: "readiness", field: "readinessProbe" },
];

const runKey = (container: string, kind: ProbeKind) => `${container}/${kind}`;

export class ProbeWorkers {
  private readonly instances = new Map<string, InstanceProbes>();
  /** "container/kind" → when its last run began, of whichever instance: the tick a new one keeps (E3a). */
  private readonly lastRunAtMs = new Map<string, number>();
  private isTerminating = false;

  constructor(private readonly deps: ProbeWorkersDeps) {}

  /** Number of armed timers, for tests and the benchmark. */
  get armedTimers(): number {
    let count = 0;
    for (const instance of this.instances.values())
      count += instance.slots.filter((s) => s.timer.isArmed).length;
    return count;
  }

  /** A new instance of `container` runs (postStart returned): its probes start over (E3, E4). */
  startInstance(container: Container, id: string, startedAtMs: number, podIP: string): void {
    this.stopInstance(container.name);
    const isGated = container.startupProbe !== undefined;
    const instance: InstanceProbes = { id, container, podIP, slots: [], isCancelled: false };
    for (const { kind, field } of KINDS) {
      const probe = container[field];
      if (!probe) continue;
      const previousRunAtMs = this.lastRunAtMs.get(runKey(container.name, kind));
      const state = createProber(kind, probeTiming(probe), startedAtMs, isGated, previousRunAtMs);
      const slot: ProberSlot = {
        kind,
        probe,
        state,
        timer: new WakeTimer(this.deps.clock, () => this.apply(instance, slot, { type: "due" })),
      };
      instance.slots.push(slot);
    }
    const slots = instance.slots;
    if (slots.length === 0) return;
    this.instances.set(container.name, instance);
    for (const slot of slots) {
      if (this.isTerminating) this.apply(instance, slot, { type: "podTerminating" });
      else this.arm(instance, slot);
    }
  }

  /** The instance is gone (exited or being replaced); with `id`, only if it is still the current one. */
  stopInstance(name: string, id?: string): void {
    const instance = this.instances.get(name);
    if (!instance || (id !== undefined && instance.id !== id)) return;
    instance.isCancelled = true;
    for (const slot of instance.slots) slot.timer.cancel();
    this.instances.delete(name);
  }

  /** Pod termination began: liveness and startup stop (pinned Success), readiness continues (C4, E10). */
  podTerminating(): void {
    if (this.isTerminating) return;
    this.isTerminating = true;
    for (const instance of this.instances.values())
      for (const slot of instance.slots) this.apply(instance, slot, { type: "podTerminating" });
  }

  /** The pod finished (E9): every timer goes. */
  stopAll(): void {
    for (const name of [...this.instances.keys()]) this.stopInstance(name);
  }

  private apply(instance: InstanceProbes, slot: ProberSlot, event: ProberEvent): void {
    if (instance.isCancelled) return;
    const step = nextProbeStep(slot.state, event, this.deps.clock.now());
    slot.state = step.state;
    if (step.run) {
      this.lastRunAtMs.set(runKey(instance.container.name, slot.kind), this.deps.clock.now());
      void this.runOnce(instance, slot);
    }
    this.arm(instance, slot);
    if (step.record !== undefined) {
      this.deps.onResult(instance.container.name, slot.kind, step.record);
      // E5, E8: the startup probe's success opens liveness and readiness of this instance.
      if (slot.kind === "startup" && step.record === "Success" && !instance.isCancelled)
        for (const other of instance.slots)
          if (other !== slot) this.apply(instance, other, { type: "started" });
    }
  }

  private async runOnce(instance: InstanceProbes, slot: ProberSlot): Promise<void> {
    const run = await runProbe(
      slot.probe,
      {
        runtime: this.deps.runtime,
        containerId: instance.id,
        container: instance.container,
        podIP: instance.podIP,
      },
      slot.state.timing.timeoutMs,
    );
    if (instance.isCancelled || !slot.state.isInFlight) return;
    const message = unhealthyMessage(slot.kind, run);
    if (message !== undefined) this.deps.onUnhealthy(instance.container, message);
    const warning = probeWarningMessage(slot.kind, run);
    if (warning !== undefined) this.deps.onWarning(instance.container, warning);
    this.apply(instance, slot, { type: "outcome", outcome: run.outcome });
  }

  /** One timer per probe: re-armed only when the prober's next run time changes. */
  private arm(instance: InstanceProbes, slot: ProberSlot): void {
    slot.timer.set(instance.isCancelled ? undefined : slot.state.nextRunAtMs);
  }
}
