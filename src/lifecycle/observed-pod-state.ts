/**
 * `ObservedPodState`: a pod's runtime state under a stream of observations, at a cost linear in
 * the observations (issue 10 item 12). `observe` returns a new state, and a new `containers`
 * record with it, so folding one observation per container of an N-container pod copied N
 * records N times: starting 2000 containers took seconds in the reducer alone. Here a fact about
 * one container replaces that container's record in a change list; the whole state is built
 * (one copy of `containers`) only when someone asks for it — the engine at a sync, the status
 * generator at a publication — so a burst of k observations costs O(k) and one O(N) snapshot.
 *
 * The states it hands out are the ones `observe` would have produced (the property test checks
 * that): plain values that are never changed afterwards, in the same key order.
 */
import { observe, isContainerObservation, observeContainer } from "./observe.js";
import type { ContainerRecord, Observation, PodRuntimeState } from "./pod-state.js";

export interface ObservedPodStateOptions {
  /**
   * Told how many container records each snapshot copied: the cost the change list keeps linear.
   * Tests count them to fail on quadratic behaviour without timing anything.
   */
  onRecordsCopied?: (count: number) => void;
}

export class ObservedPodState {
  /** The state as of the last snapshot; `changed` holds the records replaced since. */
  private snapshot: PodRuntimeState;
  private readonly changed = new Map<string, ContainerRecord>();

  constructor(
    initial: PodRuntimeState,
    private readonly options: ObservedPodStateOptions = {},
  ) {
    this.snapshot = initial;
  }

  /** Folds one fact in, as `observe` does: O(1) for a fact about one container. */
  observe(observation: Observation): void {
    if (!isContainerObservation(observation)) {
      // Pod-wide facts are rare (the sandbox, the start of termination, a reset): fold them whole.
      this.snapshot = observe(this.current(), observation);
      return;
    }
    const record = this.container(observation.name);
    if (!record) return;
    const next = observeContainer(record, observation);
    if (next !== record) this.changed.set(record.name, next);
  }

  /** One container's record as of every observation so far, without building the whole state. */
  container(name: string): ContainerRecord | undefined {
    return this.changed.get(name) ?? this.snapshot.containers[name];
  }

  /** Set once pod termination began (only pod-wide facts change it, so the snapshot has it). */
  get termination(): PodRuntimeState["termination"] {
    return this.snapshot.termination;
  }

  /** The whole state as of every observation so far; O(containers) once after a change, then free. */
  current(): PodRuntimeState {
    if (this.changed.size === 0) return this.snapshot;
    const containers = { ...this.snapshot.containers };
    for (const [name, record] of this.changed) containers[name] = record;
    if (this.options.onRecordsCopied) this.options.onRecordsCopied(Object.keys(containers).length);
    this.changed.clear();
    this.snapshot = { ...this.snapshot, containers };
    return this.snapshot;
  }
}
