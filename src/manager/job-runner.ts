/**
 * Runs one Job: asks the pure Job controller (controllers/job) what to do with the Job's pods and does it —
 * creating pods from the template, deleting them, and publishing the Job's status.
 */
import type { Job, Pod } from "../api/index.js";
import { type Clock, type EventSink, WakeTimer } from "../shared/index.js";
import {
  buildJobPod,
  computeJobActions,
  type JobControllerOptions,
  type JobPodView,
} from "../controllers/job/index.js";

export type JobRunnerOptions = JobControllerOptions;

/**
 * What the Job runner needs of a pod it created: the pod as last published, whether it has ended,
 * and a way to delete it. The agent's PodWorker is one; the manager does not depend on the agent.
 */
export interface JobPodHandle {
  readonly pod: Pod;
  readonly isFinished: boolean;
  readonly finished: Promise<unknown>;
  delete(): void;
}

export interface JobRunnerDeps {
  clock: Clock;
  randomSuffix: () => string;
  onEvent: EventSink;
  onStatus?: (job: Job) => void;
  startPod: (pod: Pod) => JobPodHandle;
  options?: JobRunnerOptions;
}

export class JobRunner {
  private job: Job;
  private readonly workers: JobPodHandle[] = [];
  private stopped = false;
  private done = false;
  private syncQueued = false;
  private readonly wake: WakeTimer;
  private resolveFinished!: (job: Job) => void;
  readonly finished: Promise<Job>;

  constructor(
    job: Job,
    private readonly deps: JobRunnerDeps,
  ) {
    this.job = job;
    this.wake = new WakeTimer(deps.clock, () => this.requestSync());
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  start(): void {
    this.requestSync();
  }

  /** The Job as last published. */
  get current(): Job {
    return this.job;
  }

  /** The run is being deleted: delete active pods, create no more, finish when they are gone. */
  stop(): void {
    this.stopped = true;
    for (const worker of this.workers) worker.delete();
    this.requestSync();
  }

  private requestSync(): void {
    if (this.syncQueued || this.done) return;
    this.syncQueued = true;
    queueMicrotask(() => {
      this.syncQueued = false;
      this.sync();
    });
  }

  private sync(): void {
    if (this.done) return;
    const nowMs = this.deps.clock.now();
    const actions = computeJobActions(this.job, this.workers.map(toJobPodView), nowMs, {
      podNameSuffix: () => this.deps.randomSuffix(),
      ...this.deps.options,
    });
    this.job = { ...this.job, status: actions.status };
    for (const event of actions.events) {
      this.deps.onEvent({
        ...event,
        source: "job-controller",
        timeMs: nowMs,
        involvedObject: {
          kind: "Job",
          namespace: this.job.metadata.namespace ?? "default",
          name: this.job.metadata.name ?? "",
        },
      });
    }
    for (const deletion of actions.deletePods) {
      this.workers.find((w) => w.pod.metadata.name === deletion.name)?.delete();
    }
    if (!this.stopped) {
      for (const planned of actions.podsToCreate) this.createPod(planned.suffix, planned.completionIndex);
    }
    this.deps.onStatus?.(this.job);
    const allPodsDone = this.workers.every((w) => w.isFinished);
    if ((actions.isFinished || this.stopped) && allPodsDone) {
      this.done = true;
      this.wake.cancel();
      this.resolveFinished(this.job);
      return;
    }
    this.wake.set(actions.wakeAtMs);
  }

  private createPod(suffix: string, completionIndex: number | undefined): void {
    const pod = buildJobPod(this.job, suffix, completionIndex);
    const worker = this.deps.startPod(pod);
    this.workers.push(worker);
    const resync = () => this.requestSync();
    void worker.finished.then(resync, resync);
  }

  /** Job pods report every status change so phase changes reach the controller at once. */
  podChanged(): void {
    this.requestSync();
  }
}

function toJobPodView(worker: JobPodHandle): JobPodView {
  const pod = worker.pod;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const finishedAtMs = worker.isFinished ? latestFinish(statuses) : undefined;
  return {
    name: pod.metadata.name ?? "",
    phase: pod.status?.phase ?? "Pending",
    isTerminating: pod.metadata.deletionTimestamp !== undefined && !worker.isFinished,
    restartCounts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    isReady: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    ...(finishedAtMs !== undefined ? { finishedAtMs } : {}),
  };
}

function latestFinish(statuses: { state?: { terminated?: { finishedAt?: string } } }[]): number | undefined {
  const times = statuses
    .map((s) => Date.parse(s.state?.terminated?.finishedAt ?? ""))
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : undefined;
}
