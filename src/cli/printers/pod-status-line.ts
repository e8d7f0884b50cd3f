/**
 * The `get pods -w` transitions `podvisor run` prints on stderr, one line each time a pod's
 * READY, STATUS or RESTARTS changes:
 *
 *   pod/web   READY 0/2   STATUS Init:0/1   RESTARTS 0
 *
 * The cells are kubectl's (printPodRow); the `pod/NAME` head and the column labels keep these
 * lines apart from the events table they interleave with (whose OBJECT column also says
 * `pod/NAME`, but in the fourth column). AGE is left out: it says nothing about a transition.
 */
import type { Pod } from "../../api/index.js";
import { printPodRow } from "../../status/index.js";

export interface PodStatusCells {
  name: string;
  ready: string;
  status: string;
  restarts: string;
}

export function podStatusCells(pod: Pod, now: number): PodStatusCells {
  const row = printPodRow(pod, { now });
  return { name: row.NAME, ready: row.READY, status: row.STATUS, restarts: row.RESTARTS };
}

/** What must differ for a new line: the "(… ago)" part of RESTARTS only ages, it is no change. */
export function podStatusKey(cells: PodStatusCells): string {
  return `${cells.ready} ${cells.status} ${cells.restarts.replace(/ \(.*\)$/, "")}`;
}

export function formatPodStatusLine(cells: PodStatusCells): string {
  return `pod/${cells.name}   READY ${cells.ready}   STATUS ${cells.status}   RESTARTS ${cells.restarts}`;
}
