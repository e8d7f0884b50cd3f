/**
 * Runs one CronJob: asks the pure CronJob controller (controllers/cronjob) what to do at each
 * schedule time and carries it out — starting Jobs through the caller's `startJob` (each then runs
 * under its own JobRunner), stopping the ones Replace or the history limits delete — and publishes
 * the status. It wakes at the next schedule time on the injected clock.
 */
import { parseTime, type CronJob, type Job } from "../api/index.js";
import { buildCronJobJob, computeCronJobActions, type CronJobJobView } from "../controllers/index.js";
import type { Clock, EventSink } from "../shared/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { controllerEvent, type PlannedEvent } from "./controller-event.js";

/** A Job the CronJob started: its current object, and a way to delete it with its pods. */
export interface CronJobJobHandle {
  current(): Job;
  readonly finished: Promise<unknown>;
  delete(): void;
}

export interface CronJobRunnerDeps {
  clock: Clock;
  onEvent: EventSink;
  onStatus?: (cj: CronJob) => void;
  startJob: (job: Job) => CronJobJobHandle;
  /** The zone of a CronJob without spec.timeZone (the controller-manager's local zone). */
  defaultTimeZone?: string;
}

export class CronJobRunner {
  private cj: CronJob;
  private jobs: CronJobJobHandle[] = [];
  private stopped = false;
  private readonly loop: ControllerLoop;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    cj: CronJob,
    private readonly deps: CronJobRunnerDeps,
  ) {
    this.cj = cj;
    this.loop = new ControllerLoop(deps.clock, () => this.sync());
  }

  get current(): CronJob {
    return this.cj;
  }

  start(): void {
    this.loop.request();
  }

  /** No more Jobs; the running ones are deleted; finished once they are gone. */
  stop(): void {
    this.stopped = true;
    for (const job of this.jobs) job.delete();
    void Promise.all(this.jobs.map((job) => job.finished)).then(() => this.resolveFinished());
    this.loop.request();
  }

  private sync(): number | undefined | "done" {
    if (this.stopped) return "done";
    const nowMs = this.deps.clock.now();
    const actions = computeCronJobActions(this.cj, this.jobs.map(toView), nowMs, this.deps.defaultTimeZone);
    for (const event of actions.events) this.emit(event, nowMs);
    for (const { name } of actions.deleteJobs) {
      const handle = this.jobs.find((job) => job.current().metadata.name === name);
      handle?.delete();
      this.jobs = this.jobs.filter((job) => job !== handle);
    }
    const status = { ...actions.status };
    if (actions.createJobAtMs !== undefined) {
      const handle = this.deps.startJob(buildCronJobJob(this.cj, actions.createJobAtMs));
      this.jobs.push(handle);
      const job = handle.current();
      status.active = [
        ...(status.active ?? []),
        {
          apiVersion: "batch/v1",
          kind: "Job",
          name: job.metadata.name ?? "",
          namespace: job.metadata.namespace ?? "default",
          uid: job.metadata.uid ?? "",
        },
      ];
      const resync = () => this.loop.request();
      void handle.finished.then(resync, resync);
    }
    this.cj = { ...this.cj, status };
    this.deps.onStatus?.(this.cj);
    return actions.wakeAtMs;
  }

  private emit(event: PlannedEvent, nowMs: number): void {
    this.deps.onEvent(
      controllerEvent("cronjob-controller", { ...this.cj, kind: "CronJob" as const }, event, nowMs),
    );
  }
}

function toView(handle: CronJobJobHandle): CronJobJobView {
  const job = handle.current();
  const conditions = job.status?.conditions ?? [];
  const finished = conditions.find(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
  const view: CronJobJobView = {
    name: job.metadata.name ?? "",
    uid: job.metadata.uid ?? "",
    startMs: parseTime(job.status?.startTime) ?? parseTime(job.metadata.creationTimestamp) ?? 0,
  };
  if (finished !== undefined) view.finished = finished.type as "Complete" | "Failed";
  const completionMs = parseTime(job.status?.completionTime);
  if (completionMs !== undefined) view.completionMs = completionMs;
  return view;
}
