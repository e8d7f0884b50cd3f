/**
 * Where `podvisor get/describe/logs` read pods from: a run in the state directory (the latest by
 * default, or `--run ID`), live while it runs; or saved objects given with `-f FILE` (a status
 * file's `v1 List`, YAML or JSON), offline. Errors name the file and the fix.
 */
import type { Writable } from "node:stream";
import {
  type Job,
  type Pod,
  type Workload,
  type WorkloadKind,
  decodeManifests,
  runKinds,
} from "../../api/index.js";
import { type Clock, type PodvisorEvent, InvalidInputError } from "../../shared/index.js";
import {
  isRunFinished,
  lostRunMetadata,
  readEvents,
  readJobs,
  readPods,
  readWorkloads,
  resolveRun,
  type RunDirectory,
} from "../../store/index.js";
import { asLastKnown } from "../../store/index.js";
import { readManifestSources } from "../read-manifests.js";

export interface ViewContext {
  clock: Clock;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
}

export interface SourceOptions {
  stateDir: string;
  run?: string;
  filename?: string[];
}

export interface ViewSource {
  /** The run directory, when reading the state directory (absent for -f). */
  run: RunDirectory | undefined;
  pods(): Pod[];
  jobs(): Job[];
  /** Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, CronJobs. */
  workloads(kind: WorkloadKind): Workload[];
  events(): PodvisorEvent[];
  /** Whether more changes can come (a run still going on). */
  isLive(): boolean;
}

export async function openViewSource(options: SourceOptions, ctx: ViewContext): Promise<ViewSource> {
  if (options.filename !== undefined && options.filename.length > 0) {
    const { pods, jobs, workloads } = await readSavedObjects(options.filename, ctx.stdin);
    return {
      run: undefined,
      pods: () => pods,
      jobs: () => jobs,
      workloads: (kind) => workloads.filter((workload) => workload.kind === kind),
      events: () => [],
      isLive: () => false,
    };
  }
  const run = resolveRun(options.stateDir, options.run);
  return {
    run,
    pods: () => readRunPods(run),
    jobs: () => readJobs(run),
    workloads: (kind) => readWorkloads(run, kind),
    events: () => readEvents(run),
    isLive: () => !isRunFinished(run),
  };
}

/** The run's pods; a run whose podvisor died shows its pods' last known status, marked (NodeLost). */
export function readRunPods(run: RunDirectory): Pod[] {
  const lost = lostRunMetadata(run);
  return lost ? readPods(run).map((pod) => asLastKnown(pod, lost)) : readPods(run);
}

/** Pods, Jobs and workloads from saved manifests; anything else there, or a malformed object, is an error. */
export async function readSavedObjects(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
): Promise<{ pods: Pod[]; jobs: Job[]; workloads: Workload[] }> {
  const sources = await readManifestSources(paths, stdin);
  const decoded = decodeManifests(sources, {
    accept: runKinds.filter((ref) => ref.kind !== "ConfigMap" && ref.kind !== "Secret"),
    command: "podvisor get/describe/logs -f",
  });
  const problems = [...decoded.errors];
  const pods: Pod[] = [];
  const jobs: Job[] = [];
  const workloads: Workload[] = [];
  for (const { source, kind, object } of decoded.objects) {
    const metadata = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
    const spec = object.spec as { containers?: unknown; template?: unknown } | undefined;
    const name = typeof metadata?.name === "string" ? metadata.name : undefined;
    const label = `${source}: ${kind} ${name === undefined ? "(no name)" : JSON.stringify(name)}`;
    if (typeof metadata !== "object" || metadata === null || name === undefined || name === "") {
      problems.push(`${label}: metadata.name must be set`);
      continue;
    }
    if (typeof spec !== "object" || spec === null) {
      problems.push(`${label}: spec must be a mapping`);
      continue;
    }
    if (kind === "Pod" && !Array.isArray(spec.containers)) {
      problems.push(`${label}: spec.containers must be a list`);
      continue;
    }
    if (
      kind !== "Pod" &&
      kind !== "CronJob" &&
      (typeof spec.template !== "object" || spec.template === null)
    ) {
      problems.push(`${label}: spec.template must be a mapping`);
      continue;
    }
    const withNamespace = {
      ...object,
      metadata: {
        ...metadata,
        namespace: typeof metadata.namespace === "string" ? metadata.namespace : "default",
      },
    };
    if (kind === "Pod") pods.push(withNamespace as unknown as Pod);
    else if (kind === "Job") jobs.push(withNamespace as unknown as Job);
    else workloads.push(withNamespace as unknown as Workload);
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      "malformed saved objects",
      problems.map((p) => `error: ${p}`),
    );
  return { pods, jobs, workloads };
}

/** kubectl's words for an object the server does not have. */
export function notFoundMessage(resource: string, name: string): string {
  return `Error from server (NotFound): ${resource} "${name}" not found`;
}
