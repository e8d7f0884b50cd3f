/**
 * When the pod worker's status is generated and handed on (its `onStatus`). Two rules:
 *
 * - Issue 10 item 12: generating a status is linear in the pod's containers, so publishing one
 *   per observation made a big pod's start quadratic. Observations that arrive in one burst (the
 *   microtasks a batch of fake or fast starts resolves in) share one publication, made once the
 *   burst is over (a macrotask), always of the state the burst left.
 * - Nothing someone may be waiting to see is lost: a state (an exit, a start error, a kill) that a
 *   later observation of the same burst overwrites is kept as it is and published, in order,
 *   before any later state — with the burst's own publication, not on the spot, so that generating
 *   it does not delay the step the overwriting observation announces (issue 17: the restart after
 *   an exit, the stop signal of a kill). Only a start's progress is coalesced.
 */
import { KUBELET_CONDITION_TYPES, generatePodStatus } from "../status/index.js";
import type { Pod, PodCondition, PodStatus } from "../api/index.js";
import type { PodRuntimeState } from "../lifecycle/index.js";
import type { Clock } from "../shared/index.js";
import type { PodStatusSink } from "./ports.js";

/** What the publisher reads from and writes to its pod worker. */
export interface StatusPublisherHost {
  /** The pod as the worker has it now: spec, metadata and the status published last. */
  current(): Pod;
  state(): PodRuntimeState;
  /** Stores a freshly generated status on the worker's pod and returns that pod. */
  adopt(status: PodStatus): Pod;
  isFinished(): boolean;
}

/** A state to publish: the pod and its observed state as they were at `atMs`. */
interface OwedPublication {
  pod: Pod;
  state: PodRuntimeState;
  atMs: number;
}

export class StatusPublisher {
  /** A publication is scheduled for the end of the current burst of work. */
  private isQueued = false;
  /** States a later observation overwrote before their publication came round, oldest first. */
  private readonly owed: OwedPublication[] = [];
  /**
   * A state was kept since the last publication request: at most one is kept per request, as the
   * on-the-spot publication did. A burst of n exits recorded at once keeps one, not n whole states
   * (a 4000-container pod's teardown held them all: O(n²) memory).
   */
  private isOwedSinceRequest = false;
  /** The conditions other writers own, as the API has them (undefined: not told; `run`). */
  private foreignConditions: readonly PodCondition[] | undefined;

  constructor(
    private readonly host: StatusPublisherHost,
    private readonly clock: Clock,
    private readonly onStatus: PodStatusSink | undefined,
  ) {}

  /**
   * Called before an observation changes the state: keeps the state as it is now when a
   * publication is pending and the observation is more than a start's progress.
   */
  keepBeforeObserving(isStartProgress: () => boolean): void {
    if (!this.isQueued || this.isOwedSinceRequest || isStartProgress()) return;
    this.isOwedSinceRequest = true;
    this.owed.push({ pod: this.host.current(), state: this.host.state(), atMs: this.clock.now() });
  }

  /** Publishes once the current burst of work is over. */
  request(): void {
    this.isOwedSinceRequest = false;
    if (this.isQueued) return;
    this.isQueued = true;
    setImmediate(() => {
      if (!this.isQueued || this.host.isFinished()) return;
      this.publishNow();
    });
  }

  /** Publishes what is owed, then the state now. */
  publishNow(): void {
    this.publishOwed();
    this.isQueued = false;
    this.publish({ pod: this.host.current(), state: this.host.state(), atMs: this.clock.now() });
  }

  /** Publishes the states owed, oldest first (and not the state now: a fault ended the worker). */
  publishOwed(): void {
    for (const owed of this.owed.splice(0)) this.publish(owed);
  }

  /** The conditions others own (a readiness gate's), as the API has them now: Ready reads them (D14). */
  setForeignConditions(conditions: readonly PodCondition[]): void {
    this.foreignConditions = conditions.filter((c) => !KUBELET_CONDITION_TYPES.includes(c.type));
  }

  private publish({ pod, state, atMs }: OwedPublication): void {
    const status = generatePodStatus(pod, state, atMs, this.previousStatus());
    const isCurrentPod = pod === this.host.current();
    const current = this.host.adopt(status);
    // An owed state goes out with the pod as it was then (a later update is published after it).
    this.onStatus?.(isCurrentPod ? current : { ...pod, status });
  }

  /** The status published last, with the API's foreign conditions when the worker was told them. */
  private previousStatus(): PodStatus | undefined {
    const published = this.host.current().status;
    if (this.foreignConditions === undefined) return published;
    const own = (published?.conditions ?? []).filter((c) => KUBELET_CONDITION_TYPES.includes(c.type));
    return { ...published, conditions: [...this.foreignConditions, ...own] };
  }
}
