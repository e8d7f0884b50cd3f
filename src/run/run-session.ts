/**
 * One `podvisor run`: the pods and Jobs of the input, their workers, and deletion of all of them
 * on Ctrl-C, SIGTERM or `--timeout`. It checks up front that every pod can run here faithfully
 * (nothing starts otherwise), then runs to the end and reports the final objects.
 */
import {
  formatTime,
  type ConfigMap,
  type FeatureGates,
  type Job,
  type Pod,
  type Secret,
} from "../api/index.js";
import { type Clock, type EventSink, PlatformError } from "../shared/index.js";
import { unhonouredFields, type ContainerRuntime } from "../runtime/index.js";
import type { EngineOptions } from "../lifecycle/index.js";
import { resolveContainerEnv, resolveVolumes, buildLaunchSpec, lookupInLists } from "../podspec/index.js";
import {
  PodWorker,
  type ContainerLogSink,
  type ObjectLookup,
  type PodStatusSink,
  type PodWorkerDeps,
} from "../agent/index.js";
import { createFixedPodSource } from "./fixed-pod-source.js";
import { JobRunner, type JobRunnerOptions } from "../manager/index.js";

export interface RunInput {
  pods: Pod[];
  jobs: Job[];
  configMaps: ConfigMap[];
  secrets: Secret[];
}

export interface RunSessionDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  nodeName: string;
  hostIP: string;
  engineOptions?: EngineOptions;
  /** The kubelet's feature gates (`--feature-gates`); default v1.36's. */
  featureGates?: FeatureGates;
  jobOptions?: JobRunnerOptions;
  /** Pod names for Job pods: `<job>-<suffix>`. */
  randomSuffix: () => string;
  /** UIDs for pods the run creates (Job pods), as the API server assigns them. */
  newUid: () => string;
  onEvent: EventSink;
  onLog: ContainerLogSink;
  onLogEnd?: PodWorkerDeps["onLogEnd"];
  /** The status sink: every pod's status after each sync (the state directory and the terminal in `run`). */
  onPodStatus?: PodStatusSink;
  /** What the runtime will not honour in the input's pods, before anything starts. */
  onWarning?: (warning: string) => void;
  onJobStatus?: (job: Job) => void;
}

export interface RunResult {
  pods: Pod[];
  jobs: Job[];
  /** Every pod ended Succeeded and every Job Complete. */
  succeeded: boolean;
}

export class RunSession {
  private readonly workers: PodWorker[] = [];
  private readonly jobRunners: JobRunner[] = [];
  private deleted = false;
  private stopWatching: () => void = () => undefined;
  /** The input's ConfigMaps and Secrets, as the pods' env and volumes look them up. */
  private readonly objects: ObjectLookup;
  private reportFault!: (error: unknown) => void;
  private readonly firstFault = new Promise<never>((_, reject) => (this.reportFault = reject));

  constructor(
    private readonly input: RunInput,
    private readonly deps: RunSessionDeps,
  ) {
    this.objects = lookupInLists(input);
    // Observed through Promise.race in run(); a fault after the run ended has nobody left to tell.
    this.firstFault.catch(() => undefined);
  }

  /** Problems that make a pod impossible to run here faithfully; the run must not start if any. */
  async preflight(): Promise<string[]> {
    const problems: string[] = [];
    for (const { label, pod, specPath } of this.podsToRun()) {
      const volumes = resolveVolumes(pod, this.objects);
      const launches = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((container) => {
        const env = resolveContainerEnv(pod, container, {
          objects: this.objects,
          // Before its sandbox exists a pod has no address of its own; on the host's network it is the node's.
          podIP: this.deps.runtime.capabilities.network === "host" ? this.deps.hostIP : "",
          hostIP: this.deps.hostIP,
          nodeName: this.deps.nodeName,
        });
        return buildLaunchSpec(pod, container, "env" in env ? env.env : []);
      });
      const spec = {
        uid: pod.metadata.uid ?? "",
        name: pod.metadata.name ?? "",
        namespace: pod.metadata.namespace ?? "default",
        volumes,
      };
      for (const problem of await this.deps.runtime.checkPod(spec, launches))
        problems.push(`${label}: ${problem.replace(/^spec\./, `${specPath}.`)}`);
    }
    return problems;
  }

  /** What the runtime will run without honouring, as "<kind>/<name>: <field.path>: <what happens>". */
  warnings(): string[] {
    return this.podsToRun().flatMap(({ label, pod, specPath }) =>
      unhonouredFields(pod, this.deps.runtime.capabilities).map(
        (warning) => `${label}: ${warning.replace(/^spec\./, `${specPath}.`)}`,
      ),
    );
  }

  /** The input's pods, and each Job's pod template as the pods it will create. */
  private podsToRun(): { label: string; pod: Pod; specPath: string }[] {
    return [
      ...this.input.pods.map((pod) => ({ label: `pod/${pod.metadata.name ?? ""}`, pod, specPath: "spec" })),
      ...this.input.jobs.map((job) => ({
        label: `job/${job.metadata.name ?? ""}`,
        pod: templatePod(job),
        specPath: "spec.template.spec",
      })),
    ];
  }

  /** Runs everything to the end. Throws PlatformError from preflight problems before starting anything. */
  async run(): Promise<RunResult> {
    const problems = await this.preflight();
    if (problems.length > 0) throw new PlatformError(`cannot run on this machine:\n${problems.join("\n")}`);
    for (const warning of this.warnings()) this.deps.onWarning?.(warning);
    // The input's pods come through the same port a node's watch will (agent/ports.ts).
    this.stopWatching = createFixedPodSource(this.input.pods).watch({
      added: (pod) => void this.startPod(pod),
      updated: (pod) => this.workerOf(pod)?.update(pod),
      deleted: (pod, gracePeriodMs) => this.workerOf(pod)?.delete(gracePeriodMs),
    });
    for (const job of this.input.jobs) {
      const runner: JobRunner = new JobRunner(job, {
        clock: this.deps.clock,
        randomSuffix: this.deps.randomSuffix,
        onEvent: this.deps.onEvent,
        ...(this.deps.onJobStatus ? { onStatus: this.deps.onJobStatus } : {}),
        startPod: (pod) => this.startPod(pod, () => runner.podChanged()),
        ...(this.deps.jobOptions ? { options: this.deps.jobOptions } : {}),
      });
      this.jobRunners.push(runner);
      runner.start();
    }
    // A fault in any pod worker ends the run (after the others are killed by the caller).
    const jobs = await Promise.race([Promise.all(this.jobRunners.map((r) => r.finished)), this.firstFault]);
    // Job runners may still add pods until they finish; wait for every worker after that.
    const pods = await Promise.race([Promise.all(this.workers.map((w) => w.finished)), this.firstFault]);
    const succeeded =
      pods.every((p) => p.status?.phase === "Succeeded" || isJobPod(p)) &&
      jobs.every((j) => j.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True"));
    return { pods, jobs, succeeded };
  }

  /** Deletes every pod gracefully (C4) and stops Jobs from creating more. Idempotent. */
  deleteAll(gracePeriodMs?: number): void {
    this.deleted = true;
    this.stopWatching();
    for (const runner of this.jobRunners) runner.stop();
    for (const worker of this.workers) worker.delete(gracePeriodMs);
  }

  private workerOf(pod: Pod): PodWorker | undefined {
    return this.workers.find((w) => w.pod.metadata.uid === pod.metadata.uid);
  }

  private startPod(template: Pod, onChange?: () => void): PodWorker {
    const onStatus = this.deps.onPodStatus;
    // What the API server does on create (a UID, a creation time) and the scheduler's binding.
    const pod: Pod = {
      ...template,
      spec: { ...template.spec, nodeName: template.spec.nodeName ?? this.deps.nodeName },
      metadata: {
        ...template.metadata,
        uid: template.metadata.uid ?? this.deps.newUid(),
        creationTimestamp: template.metadata.creationTimestamp ?? formatTime(this.deps.clock.now()),
      },
    };
    const worker = new PodWorker(pod, {
      runtime: this.deps.runtime,
      clock: this.deps.clock,
      objects: this.objects,
      nodeName: this.deps.nodeName,
      hostIP: this.deps.hostIP,
      onEvent: this.deps.onEvent,
      onLog: this.deps.onLog,
      ...(this.deps.onLogEnd ? { onLogEnd: this.deps.onLogEnd } : {}),
      ...(this.deps.engineOptions ? { engineOptions: this.deps.engineOptions } : {}),
      ...(this.deps.featureGates ? { featureGates: this.deps.featureGates } : {}),
      onStatus: (current) => {
        onStatus?.(current);
        onChange?.();
      },
    });
    this.workers.push(worker);
    worker.finished.catch((error: unknown) => this.reportFault(error));
    worker.start();
    if (this.deleted) worker.delete();
    return worker;
  }
}

function templatePod(job: Job): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...(job.spec.template.metadata ?? {}),
      name: job.metadata.name ?? "",
      namespace: job.metadata.namespace ?? "default",
      uid: "preflight",
    },
    spec: job.spec.template.spec,
  };
}

function isJobPod(pod: Pod): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === "Job");
}
