/**
 * `podvisor get pods|jobs [NAME...] [-o ...] [-w]`: kubectl's tables and output formats over a
 * run's pods (state directory) or saved objects (-f). `-w` prints the table, then one row per
 * change of a pod, as `kubectl get -w` does, until the run ends. `get sidecarsets` reads a cluster
 * or saved objects instead (sidecarset-views.ts).
 */
import type { Job, Pod } from "../../api/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { waitForChange } from "../../store/index.js";
import { formatObjects, type ObjectFormat } from "../printers/object-output.js";
import { formatJobTable, formatPodTable } from "../printers/resource-table.js";
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

export type ViewResource = "pods" | "jobs" | "sidecarsets";

const RESOURCES: Record<string, ViewResource> = {
  pod: "pods",
  pods: "pods",
  po: "pods",
  job: "jobs",
  jobs: "jobs",
  "jobs.batch": "jobs",
  "job.batch": "jobs",
  sidecarset: "sidecarsets",
  sidecarsets: "sidecarsets",
  "sidecarset.apps.kruise.io": "sidecarsets",
  "sidecarsets.apps.kruise.io": "sidecarsets",
};

export function parseResource(resource: string): ViewResource {
  const kind = RESOURCES[resource.toLowerCase()];
  if (kind === undefined) {
    throw new InvalidInputError(
      `the server doesn't have a resource type "${resource}" (podvisor knows pods, jobs and sidecarsets)`,
    );
  }
  return kind;
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
  const kind = parseResource(resource);
  const mode = parseOutput(options.output);
  if (kind === "sidecarsets") {
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
  const source = await openViewSource(options, ctx);
  if (options.watch && source.run === undefined) {
    throw new InvalidInputError(
      "--watch reads a run in the state directory; it cannot watch saved objects (-f)",
    );
  }
  const list = (): (Pod | Job)[] => (kind === "pods" ? source.pods() : source.jobs());
  const apiResource = kind === "pods" ? "pods" : "jobs.batch";

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
  const print = (objects: readonly (Pod | Job)[], noHeaders: boolean) => {
    if (objects.length === 0) return;
    const now = ctx.clock.now();
    if (mode.kind === "table") {
      const tableOptions = { now, wide: mode.wide, noHeaders, widths };
      ctx.stdout.write(
        kind === "pods"
          ? formatPodTable(objects as Pod[], tableOptions)
          : formatJobTable(objects as Job[], tableOptions),
      );
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
  const dir = join(source.run.dir, kind);
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

function key(object: Pod | Job): string {
  return `${object.metadata.namespace ?? "default"}/${object.metadata.name ?? ""}`;
}
