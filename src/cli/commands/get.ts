/**
 * `podvisor get pods|jobs|deployments|replicasets|statefulsets|daemonsets|cronjobs|
 * replicationcontrollers|all [NAME...] [-o ...] [-w]`: kubectl's tables and output formats over a
 * run's objects (state directory) or saved objects (-f). `-w` prints the table, then one row per
 * change of an object, as `kubectl get -w` does, until the run ends. `all` prints one table per
 * kind, names prefixed with the resource (`deployment.apps/web`), as kubectl does. `get sidecarsets`
 * reads a cluster or saved objects instead (sidecarset-views.ts); `all` leaves them out, as
 * kubectl's `all` category leaves out custom resources.
 */
import type { Job, Pod, Workload, WorkloadKind } from "../../api/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { waitForChange } from "../../store/index.js";
import { formatObjects, type ObjectFormat } from "../printers/object-output.js";
import { formatJobTable, formatPodTable, formatWorkloadTable } from "../printers/resource-table.js";
import { workloadFolder } from "../../store/index.js";
import { join } from "node:path";
import { notFoundMessage, openViewSource, type SourceOptions, type ViewContext } from "./get-source.js";
import { getSidecarSets } from "./sidecarset-views.js";

export interface GetOptions extends SourceOptions {
  output?: string;
  /** For sidecarsets: the cluster's kubeconfig. */
  kubeconfig?: string;
  watch: boolean;
  /** How often -w looks again when fs.watch reports nothing (ms). */
  pollMs?: number;
}

type OutputMode = { kind: "table"; wide: boolean } | ObjectFormat;

/** The kinds a run has (in its state directory or saved objects); SidecarSets come from a cluster or files. */
type RunKind = "Pod" | "Job" | WorkloadKind;
type ResourceKind = RunKind | "SidecarSet";

/** Each kind `get` knows: its names and short names as kubectl resolves them, and `get all`'s prefix. */
const KINDS: readonly { kind: ResourceKind; names: readonly string[]; resource: string; prefix: string }[] = [
  { kind: "Pod", names: ["pod", "pods", "po"], resource: "pods", prefix: "pod/" },
  {
    kind: "ReplicationController",
    names: ["replicationcontroller", "replicationcontrollers", "rc"],
    resource: "replicationcontrollers",
    prefix: "replicationcontroller/",
  },
  {
    kind: "DaemonSet",
    names: ["daemonset", "daemonsets", "ds"],
    resource: "daemonsets.apps",
    prefix: "daemonset.apps/",
  },
  {
    kind: "Deployment",
    names: ["deployment", "deployments", "deploy"],
    resource: "deployments.apps",
    prefix: "deployment.apps/",
  },
  {
    kind: "ReplicaSet",
    names: ["replicaset", "replicasets", "rs"],
    resource: "replicasets.apps",
    prefix: "replicaset.apps/",
  },
  {
    kind: "StatefulSet",
    names: ["statefulset", "statefulsets", "sts"],
    resource: "statefulsets.apps",
    prefix: "statefulset.apps/",
  },
  {
    kind: "CronJob",
    names: ["cronjob", "cronjobs", "cj"],
    resource: "cronjobs.batch",
    prefix: "cronjob.batch/",
  },
  { kind: "Job", names: ["job", "jobs"], resource: "jobs.batch", prefix: "job.batch/" },
  {
    kind: "SidecarSet",
    names: ["sidecarset", "sidecarsets", "sidecarset.apps.kruise.io"],
    resource: "sidecarsets.apps.kruise.io",
    prefix: "sidecarset.apps.kruise.io/",
  },
];

/** The kinds a resource argument names, in `get all`'s order for `all`. */
export function parseResource(resource: string): ResourceKind[] {
  const wanted = resource.toLowerCase();
  if (wanted === "all") return KINDS.map((entry) => entry.kind).filter((kind) => kind !== "SidecarSet");
  const entry = KINDS.find(
    (candidate) =>
      candidate.names.includes(wanted) ||
      candidate.resource === wanted ||
      `${candidate.names[0] ?? ""}.${candidate.resource.split(".")[1] ?? ""}` === wanted,
  );
  if (entry === undefined) {
    throw new InvalidInputError(
      `the server doesn't have a resource type "${resource}" (podvisor knows ${KINDS.map((k) => k.names[1]).join(", ")} and all)`,
    );
  }
  return [entry.kind];
}

export function parseOutput(output: string | undefined): OutputMode {
  if (output === undefined || output === "") return { kind: "table", wide: false };
  if (output === "wide") return { kind: "table", wide: true };
  if (output === "json" || output === "yaml" || output === "name") return { kind: output };
  const jsonpath = /^jsonpath=(.*)$/s.exec(output);
  if (jsonpath) return { kind: "jsonpath", template: jsonpath[1] ?? "" };
  throw new InvalidInputError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,name,wide,yaml`,
  );
}

export async function getCommand(
  resource: string,
  names: readonly string[],
  options: GetOptions,
  ctx: ViewContext,
): Promise<number> {
  const parsed = parseResource(resource);
  const mode = parseOutput(options.output);
  if (parsed.join() === "SidecarSet") {
    if (options.watch)
      throw new InvalidInputError(
        "--watch follows a run's pods and jobs; for SidecarSets on a cluster use kubectl get sidecarsets -w",
      );
    return getSidecarSets(
      names,
      {
        ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
        ...(options.filename !== undefined ? { filename: options.filename } : {}),
        ...(options.output !== undefined ? { output: options.output } : {}),
      },
      ctx,
    );
  }
  const kinds = parsed.filter((kind): kind is RunKind => kind !== "SidecarSet");
  const source = await openViewSource(options, ctx);
  if (options.watch && source.run === undefined) {
    throw new InvalidInputError(
      "--watch reads a run in the state directory; it cannot watch saved objects (-f)",
    );
  }
  if (kinds.length > 1) return getAll(kinds, mode, source, ctx, options.watch);
  const kind = kinds[0] ?? "Pod";
  const list = (): Listed[] => listOf(source, kind);
  const apiResource = KINDS.find((entry) => entry.kind === kind)?.resource ?? "pods";

  let exitCode = 0;
  const all = list();
  const selected = names.length === 0 ? all : names.flatMap((n) => all.filter((o) => o.metadata.name === n));
  for (const name of names) {
    if (!all.some((o) => o.metadata.name === name)) {
      ctx.stderr.write(`${notFoundMessage(apiResource, name)}\n`);
      exitCode = 1;
    }
  }

  const widths: number[] = [];
  const print = (objects: readonly Listed[], noHeaders: boolean) => {
    if (objects.length === 0) return;
    const now = ctx.clock.now();
    if (mode.kind === "table") {
      ctx.stdout.write(formatListed(kind, objects, { now, wide: mode.wide, noHeaders, widths }));
    } else {
      ctx.stdout.write(formatObjects(objects, mode, { single: noHeaders || names.length === 1 }));
    }
  };

  if (selected.length === 0 && names.length === 0 && !options.watch) {
    ctx.stderr.write(`No resources found in default namespace.\n`);
    return exitCode;
  }
  print(selected, false);
  if (!options.watch || source.run === undefined) return exitCode;
  let printedHeader = selected.length > 0;

  const seen = new Map(selected.map((o) => [key(o), JSON.stringify(o)]));
  const dir = join(source.run.dir, kind === "Pod" ? "pods" : kind === "Job" ? "jobs" : workloadFolder(kind));
  for (;;) {
    const live = source.isLive();
    if (live) await waitForChange(dir, ctx.clock, options.pollMs ?? 500);
    const changed = list().filter((o) => {
      if (names.length > 0 && !names.includes(o.metadata.name ?? "")) return false;
      const text = JSON.stringify(o);
      if (seen.get(key(o)) === text) return false;
      seen.set(key(o), text);
      return true;
    });
    for (const object of changed) {
      print([object], printedHeader);
      printedHeader = true;
    }
    if (!live) return exitCode;
  }
}

type Listed = Pod | Job | Workload;

function listOf(source: Awaited<ReturnType<typeof openViewSource>>, kind: RunKind): Listed[] {
  if (kind === "Pod") return source.pods();
  if (kind === "Job") return source.jobs();
  return source.workloads(kind);
}

function formatListed(
  kind: RunKind,
  objects: readonly Listed[],
  options: { now: number; wide: boolean; noHeaders: boolean; widths?: number[] },
): string {
  if (kind === "Pod") return formatPodTable(objects as Pod[], options);
  if (kind === "Job") return formatJobTable(objects as Job[], options);
  return formatWorkloadTable(objects as Workload[], options);
}

/** `kubectl get all`: one table per kind that has objects, names prefixed, separated by a blank line. */
function getAll(
  kinds: readonly RunKind[],
  mode: OutputMode,
  source: Awaited<ReturnType<typeof openViewSource>>,
  ctx: ViewContext,
  watch: boolean,
): number {
  if (watch) throw new InvalidInputError("--watch needs one resource type, not all");
  const now = ctx.clock.now();
  const found = kinds
    .map((kind) => ({ kind, objects: listOf(source, kind) }))
    .filter((k) => k.objects.length > 0);
  if (found.length === 0) {
    ctx.stderr.write("No resources found in default namespace.\n");
    return 0;
  }
  if (mode.kind !== "table") {
    ctx.stdout.write(
      formatObjects(
        found.flatMap((k) => k.objects),
        mode,
        { single: false },
      ),
    );
    return 0;
  }
  const tables = found.map(({ kind, objects }) => {
    const namePrefix = KINDS.find((entry) => entry.kind === kind)?.prefix ?? "";
    const named = objects.map((object) => ({
      ...object,
      metadata: { ...object.metadata, name: `${namePrefix}${object.metadata.name ?? ""}` },
    })) as Listed[];
    return formatListed(kind, named, { now, wide: mode.wide, noHeaders: false }).trimEnd();
  });
  ctx.stdout.write(`${tables.join("\n\n")}\n`);
  return 0;
}

function key(object: Listed): string {
  return `${object.metadata.namespace ?? "default"}/${object.metadata.name ?? ""}`;
}
