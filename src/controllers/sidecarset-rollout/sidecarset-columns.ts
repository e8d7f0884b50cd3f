/**
 * `kubectl get sidecarsets` columns, as Kruise's CRD prints them through its
 * additionalPrinterColumns (apis/apps/v1beta1/sidecarset_types.go `+kubebuilder:printcolumn`):
 * NAME, MATCHED (.status.matchedPods), UPDATED (.status.updatedPods), READY (.status.readyPods),
 * AGE (.metadata.creationTimestamp). The API server's table convertor leaves a missing value
 * empty, which kubectl prints as `<none>` (a SidecarSet no controller has reconciled yet).
 */
import type { SidecarSet } from "../../api/index.js";
import { humanDuration } from "../../status/index.js";
import { parseTime } from "../../api/index.js";

export const SIDECARSET_COLUMNS = ["NAME", "MATCHED", "UPDATED", "READY", "AGE"] as const;

export type SidecarSetRow = Record<(typeof SIDECARSET_COLUMNS)[number], string>;

export function printSidecarSetRow(sidecarSet: SidecarSet, options: { now: number }): SidecarSetRow {
  const status = sidecarSet.status ?? {};
  const created = sidecarSet.metadata.creationTimestamp;
  let age = "<none>";
  if (created !== undefined && created !== "") {
    const createdMs = parseTime(created);
    age = createdMs === undefined ? "<invalid>" : humanDuration(options.now - createdMs);
  }
  return {
    NAME: sidecarSet.metadata.name ?? "",
    MATCHED: integerCell(status.matchedPods),
    UPDATED: integerCell(status.updatedPods),
    READY: integerCell(status.readyPods),
    AGE: age,
  };
}

/** An `integer` column: the number, or `<none>` when the field is missing or not a number. */
function integerCell(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? String(Math.trunc(value)) : "<none>";
}
