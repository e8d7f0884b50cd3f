/**
 * `kubectl get` tables for pods, jobs and SidecarSets: the header row in capitals, the cells from the status
 * package's row functions, aligned by Go's tabwriter with kubectl's settings (3 spaces between
 * columns, each at least 6 wide). Pure: objects and `now` in, text out.
 */
import type { Job, Pod, SidecarSet, Workload } from "../../api/index.js";
import { printJobRow } from "../../controllers/job/index.js";
import { SIDECARSET_COLUMNS, printSidecarSetRow } from "../../controllers/sidecarset-rollout/index.js";
import { printWorkloadRow } from "../../controllers/workload-pods/index.js";
import { printPodRow, type PodRow } from "../../status/index.js";
import { GET_TABLE, alignTabs } from "./tabwriter.js";

export const POD_COLUMNS = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] as const;
export const POD_WIDE_COLUMNS = [...POD_COLUMNS, "IP", "NODE", "NOMINATED NODE", "READINESS GATES"] as const;
export const JOB_COLUMNS = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"] as const;

export interface TableOptions {
  now: number;
  wide?: boolean;
  /** Leave the header out (the rows `get -w` prints after the first table). */
  noHeaders?: boolean;
  /**
   * Column widths kept across calls, as kubectl's tabwriter (RememberWidths) keeps them while
   * `get -w` prints one row at a time: a column only ever grows.
   */
  widths?: number[];
}

export function podCells(pod: Pod, options: { now: number; wide?: boolean }): string[] {
  const row: PodRow = printPodRow(pod, { now: options.now, wide: options.wide === true });
  const columns = options.wide === true ? POD_WIDE_COLUMNS : POD_COLUMNS;
  return columns.map((column) => row[column] ?? "");
}

export function formatPodTable(pods: readonly Pod[], options: TableOptions): string {
  const header = options.wide === true ? POD_WIDE_COLUMNS : POD_COLUMNS;
  return formatTable(
    header,
    pods.map((pod) => podCells(pod, options)),
    options,
  );
}

export function formatJobTable(jobs: readonly Job[], options: TableOptions): string {
  const rows = jobs.map((job) => {
    const row = printJobRow(job, { now: options.now });
    return JOB_COLUMNS.map((column) => row[column]);
  });
  return formatTable(JOB_COLUMNS, rows, options);
}

/** The CRD's printer columns, as `kubectl get sidecarsets` prints them. */
export function formatSidecarSetTable(sidecarSets: readonly SidecarSet[], options: TableOptions): string {
  const rows = sidecarSets.map((set) => {
    const row = printSidecarSetRow(set, { now: options.now });
    return SIDECARSET_COLUMNS.map((column) => row[column]);
  });
  return formatTable(SIDECARSET_COLUMNS, rows, options);
}

/** Deployments, ReplicaSets, StatefulSets, … (one kind per table) with kubectl's columns. */
export function formatWorkloadTable(workloads: readonly Workload[], options: TableOptions): string {
  const rows = workloads.map((workload) => printWorkloadRow(workload, { now: options.now }));
  const header = Object.keys(rows[0] ?? {});
  return formatTable(
    header,
    rows.map((row) => header.map((column) => row[column] ?? "")),
    options,
  );
}

/** Rows of cells → aligned lines, each ending in a newline. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: Pick<TableOptions, "noHeaders" | "widths">,
): string {
  const lines = options.noHeaders === true ? rows : [header, ...rows];
  if (lines.length === 0) return "";
  return alignTabs(`${lines.map((cells) => cells.join("\t")).join("\n")}\n`, GET_TABLE, options.widths);
}
