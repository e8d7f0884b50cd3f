/**
 * A tiny scenario driver: carries the engine's plans out the way the agent does (recording each
 * step with `observe`), plays container processes from a scripted behaviour, and advances a
 * numeric clock from event to event. Deterministic; no timers.
 */
import type { Pod } from "../../api/index.js";
import { computePodActions, type EngineOptions } from "../compute-pod-actions.js";
import { createPodRuntimeState } from "../initial-state.js";
import { observe } from "../observe.js";
import { observationsForActions } from "../action-observations.js";
import { podGracePeriodMs } from "../pod-completion.js";
import type { Observation, PodActions, PodRuntimeState } from "../pod-state.js";
import { EventQueue, type TimedEvent } from "./event-queue.js";
import type { Behaviour, InstanceBehaviour } from "./instance-behaviour.js";

export type { Behaviour, InstanceBehaviour };

export interface DriverEvent {
  atMs: number;
  kind:
    | "starting"
    | "running"
    | "startFailed"
    | "exited"
    | "backOff"
    | "kill"
    | "preStop"
    | "awaitTurn"
    | "stopSignal"
    | "terminationStarted"
    /** KEP-5532: every container was removed; the pod starts over. */
    | "reset";
  name: string;
  exitCode?: number;
  gracePeriodMs?: number;
  budgetMs?: number;
  /** The stop signal belongs to a single-container kill (probe failure), not to pod termination. */
  viaKill?: boolean;
}

/** Far above any scenario's real length (property tests simulate hours of restarts). */
const maxEventsPerScenario = 100_000;

export class ScenarioDriver {
  nowMs: number;
  state: PodRuntimeState;
  readonly log: DriverEvent[] = [];
  /** Every plan the engine returned, with the time it was computed. */
  readonly plans: { atMs: number; actions: PodActions; stateBefore: PodRuntimeState }[] = [];
  private readonly queue = new EventQueue();
  private readonly instances = new Map<string, number>();
  private eventsRun = 0;

  constructor(
    public pod: Pod,
    private readonly behaviour: Behaviour = () => ({}),
    private readonly engine: EngineOptions = {},
    startMs = 0,
  ) {
    this.nowMs = startMs;
    this.state = createPodRuntimeState(pod, startMs);
  }

  get isFinished(): boolean {
    return this.plans.at(-1)?.actions.isFinished ?? false;
  }

  record(observation: Observation): void {
    this.state = observe(this.state, observation);
  }

  /**
   * Ask the engine and carry the plan out, as the agent's sync does. Like the agent, ask again at
   * once only after steps that end in a resync (sandbox ready, termination recorded, starts done);
   * otherwise wait for the next scripted event or for this plan's `wakeAtMs` (one wake at a time).
   */
  sync(): PodActions {
    for (let i = 0; i < 100; i++) {
      const stateBefore = this.state;
      const actions = computePodActions(this.pod, this.state, this.nowMs, this.engine);
      this.plans.push({ atMs: this.nowMs, actions, stateBefore });
      const resync = this.carryOut(actions);
      this.scheduleWake(actions.wakeAtMs);
      if (!resync) return actions;
    }
    throw new Error("engine did not settle after 100 plans");
  }

  /** Process scripted events up to `endMs`, syncing after each. */
  runUntil(endMs: number): void {
    this.sync();
    for (let event = this.nextEvent(endMs); event; event = this.nextEvent(endMs)) this.runEvent(event);
    this.nowMs = Math.max(this.nowMs, endMs);
  }

  /** Run until the pod is finished or nothing is scheduled before `limitMs`. */
  runToEnd(limitMs = 24 * 3_600_000): void {
    this.sync();
    while (!this.isFinished) {
      const event = this.nextEvent(limitMs);
      if (!event) return;
      this.runEvent(event);
    }
  }

  /**
   * A scenario is a bounded simulation: an engine that keeps asking to be woken without time
   * moving on would otherwise loop here synchronously until the test worker runs out of memory.
   */
  private runEvent(event: TimedEvent): void {
    if (++this.eventsRun > maxEventsPerScenario)
      throw new Error(
        `scenario did not settle: ${maxEventsPerScenario} events by t=${this.nowMs}ms; last plans: ${JSON.stringify(this.plans.slice(-3))}`,
      );
    this.nowMs = Math.max(this.nowMs, event.atMs);
    if (event.run() !== false) this.sync();
  }

  /** Delete the pod now (C4). */
  delete(gracePeriodMs = podGracePeriodMs(this.pod)): void {
    this.log.push({ atMs: this.nowMs, kind: "terminationStarted", name: "", gracePeriodMs });
    this.record({ type: "terminationStarted", reason: "Deleted", atMs: this.nowMs, gracePeriodMs });
    this.sync();
  }

  /** The pod changed at its source (A16: a new image), as `PodWorker.update`. */
  update(pod: Pod): void {
    this.pod = pod;
    this.sync();
  }

  /** Make a running container exit now. */
  exit(name: string, exitCode: number): void {
    this.exitNow(name, exitCode);
    this.sync();
  }

  names(kind: DriverEvent["kind"]): string[] {
    return this.log.filter((e) => e.kind === kind).map((e) => e.name);
  }

  private wake: { atMs: number; generation: number } | undefined;
  private wakeGeneration = 0;

  /** The agent keeps one wake timer; a new plan's wake replaces it (none cancels it). */
  private scheduleWake(atMs: number | undefined): void {
    if (this.wake?.atMs === atMs) return;
    const generation = ++this.wakeGeneration;
    this.wake = atMs === undefined ? undefined : { atMs, generation };
    if (atMs !== undefined) this.at(atMs, () => generation === this.wakeGeneration);
  }

  private at(atMs: number, run: () => boolean | void): void {
    this.queue.push(Math.max(atMs, this.nowMs), run);
  }

  private nextEvent(endMs: number): TimedEvent | undefined {
    return this.queue.shiftUntil(endMs);
  }

  /** Runs `run` at `atMs` only if the same instance of `name` is still running then. */
  private atForInstance(name: string, atMs: number, run: () => void): void {
    const instance = this.instances.get(name);
    this.at(atMs, () => {
      if (this.instances.get(name) === instance && this.state.containers[name]?.state.kind === "running")
        run();
    });
  }

  private exitNow(name: string, exitCode: number): void {
    const state = this.state.containers[name]?.state;
    if (state?.kind !== "running") return;
    this.log.push({ atMs: this.nowMs, kind: "exited", name, exitCode });
    this.record({
      type: "containerExited",
      name,
      exit: {
        exitCode,
        reason: exitCode === 0 ? "Completed" : "Error",
        startedAtMs: state.startedAtMs,
        finishedAtMs: this.nowMs,
      },
    });
  }

  private behaviourOf(name: string): InstanceBehaviour {
    return this.behaviour(name, this.instances.get(name) ?? 0);
  }

  private spec(name: string) {
    return [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers].find(
      (c) => c.name === name,
    );
  }

  private carryOut(actions: PodActions): boolean {
    const now = this.nowMs;
    let resync = false; // the agent asks again after these steps only
    if (actions.createSandbox) {
      this.record({ type: "sandboxReady", atMs: now, podIP: "10.0.0.2" });
      resync = true;
    }
    // What a single kill was under way for, before this plan's observations change it.
    const isUnderKill = (name: string) => this.state.containers[name]?.killing !== undefined;
    const viaKill = new Set(actions.stopContainers.filter((s) => isUnderKill(s.name)).map((s) => s.name));
    const killPreStops = new Set(actions.runPreStop.filter((s) => isUnderKill(s.name)).map((s) => s.name));
    // The agent's rule, shared: every step is recorded as taken before it is carried out.
    for (const observation of observationsForActions(actions, now)) this.record(observation);
    if (actions.beginTermination) {
      this.log.push({
        atMs: now,
        kind: "terminationStarted",
        name: actions.beginTermination.reason,
        gracePeriodMs: actions.beginTermination.gracePeriodMs,
      });
      resync = true;
    }
    for (const hold of actions.backOff) this.log.push({ atMs: now, kind: "backOff", name: hold.name });
    for (const start of actions.startContainers) {
      this.startContainer(start.name, start.backoff, start.duringTermination === true);
      resync = true;
    }
    for (const kill of actions.killContainers) {
      this.log.push({ atMs: now, kind: "kill", name: kill.name, gracePeriodMs: kill.gracePeriodMs });
      resync = true; // the kill's first step comes from the engine on the next sync
    }
    for (const step of actions.runPreStop) {
      if (!killPreStops.has(step.name))
        this.log.push({ atMs: now, kind: "preStop", name: step.name, budgetMs: step.budgetMs });
      const hookMs = Math.min(this.behaviourOf(step.name).preStopMs ?? 0, step.budgetMs);
      this.atForInstance(step.name, now + hookMs, () =>
        this.record({ type: "preStopFinished", name: step.name, atMs: this.nowMs }),
      );
    }
    for (const step of actions.awaitTurn)
      this.log.push({ atMs: now, kind: "awaitTurn", name: step.name, budgetMs: step.budgetMs });
    for (const stop of actions.stopContainers)
      this.signalStop(stop.name, stop.gracePeriodMs, now, viaKill.has(stop.name));
    if (actions.resetContainers) {
      this.log.push({ atMs: now, kind: "reset", name: "" });
      resync = true;
    }
    return resync;
  }

  private startContainer(
    name: string,
    backoff: PodActions["startContainers"][number]["backoff"],
    duringTermination = false,
  ): void {
    const now = this.nowMs;
    const instance = (this.instances.get(name) ?? -1) + 1;
    this.instances.set(name, instance);
    this.log.push({ atMs: now, kind: "starting", name });
    const image = this.spec(name)?.image;
    this.record({
      type: "containerStarting",
      name,
      atMs: now,
      backoff,
      ...(image !== undefined ? { image } : {}),
      ...(duringTermination ? { duringTermination: true as const } : {}),
    });
    const behaviour = this.behaviour(name, instance);
    if (behaviour.failsToStart) {
      this.log.push({ atMs: now, kind: "startFailed", name });
      this.record({
        type: "containerStartFailed",
        name,
        reason: "RunContainerError",
        message: "boom",
        atMs: now,
      });
      return;
    }
    this.log.push({ atMs: now, kind: "running", name });
    this.record({ type: "containerRunning", name, id: `${name}-${instance}`, startedAtMs: now });
    const spec = this.spec(name);
    // KEP-4438: a sidecar restarted during termination runs without probes.
    if (spec?.startupProbe && !duringTermination) {
      this.atForInstance(name, now + (behaviour.startupAfterMs ?? 0), () =>
        this.record({
          type: "probeResult",
          name,
          probe: "startup",
          result: behaviour.startupResult ?? "Success",
        }),
      );
    }
    // A sidecar restarted during termination runs without probes (KEP-4438's alpha).
    if (spec?.readinessProbe && !duringTermination) {
      this.atForInstance(name, now + (behaviour.readyAfterMs ?? 0), () =>
        this.record({ type: "probeResult", name, probe: "readiness", result: "Success" }),
      );
    }
    if (behaviour.livenessFailsAfterMs !== undefined && !duringTermination) {
      this.atForInstance(name, now + behaviour.livenessFailsAfterMs, () =>
        this.record({ type: "probeResult", name, probe: "liveness", result: "Failure" }),
      );
    }
    if (behaviour.exitAfterMs !== undefined) {
      const code = behaviour.exitCode ?? 0;
      this.atForInstance(name, now + behaviour.exitAfterMs, () => this.exitNow(name, code));
    }
  }

  private signalStop(name: string, gracePeriodMs: number, now: number, viaKill = false): void {
    this.log.push({ atMs: now, kind: "stopSignal", name, gracePeriodMs, ...(viaKill ? { viaKill } : {}) });
    const onStop = this.behaviourOf(name).onStop ?? { afterMs: 0, exitCode: 0 };
    if (onStop === "ignore" || onStop.afterMs >= gracePeriodMs) {
      this.atForInstance(name, now + gracePeriodMs, () => this.exitNow(name, 137));
    } else {
      this.atForInstance(name, now + onStop.afterMs, () => this.exitNow(name, onStop.exitCode));
    }
  }
}
