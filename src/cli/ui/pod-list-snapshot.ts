/**
 * What the UI's pod table shows at one moment: kubectl's columns and cells for each pod of the
 * run, exactly as `podvisor get pods` prints them (the same printPodRow cells through
 * cli/printers), plus what the page needs to link and refresh a pod. Pure: pods and `now` in.
 */
import { createHash } from "node:crypto";
import type { Pod } from "../../api/index.js";
import { POD_COLUMNS, podCells } from "../printers/resource-table.js";

export interface PodListRow {
  namespace: string;
  name: string;
  /** The pod page's path. */
  href: string;
  /** NAME, READY, STATUS, RESTARTS, AGE as `kubectl get pods` prints them. */
  cells: string[];
  /** Changes whenever the recorded pod does (the page then redraws its timeline). */
  revision: string;
}

export interface PodListSnapshot {
  /** The run shown, or undefined while the state directory has none. */
  run: { id: string; live: boolean } | undefined;
  /** Why there is nothing to show (no runs yet, a corrupt state directory). */
  message?: string;
  columns: readonly string[];
  rows: PodListRow[];
}

export function podListSnapshot(
  run: { id: string; live: boolean } | undefined,
  pods: readonly Pod[],
  now: number,
): PodListSnapshot {
  return {
    run,
    columns: POD_COLUMNS,
    rows: pods.map((pod) => {
      const namespace = pod.metadata.namespace ?? "default";
      const name = pod.metadata.name ?? "";
      return {
        namespace,
        name,
        href: podPagePath(namespace, name),
        cells: podCells(pod, { now }),
        revision: createHash("sha256").update(JSON.stringify(pod)).digest("hex").slice(0, 16),
      };
    }),
  };
}

/** `/pods/<namespace>/<name>`, each part URL-encoded. */
export function podPagePath(namespace: string, name: string): string {
  return `/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
