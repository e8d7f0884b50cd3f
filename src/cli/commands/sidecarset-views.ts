/**
 * `podvisor get sidecarsets [NAME...]` and `podvisor describe sidecarset [NAME...]`, from a cluster
 * or saved objects (sidecarset-source.ts). `get` prints the CRD's columns (MATCHED, UPDATED,
 * READY, AGE) or the objects (-o json|yaml|name|jsonpath); `describe` plans the SidecarSet's
 * rollout round as the controller would (planRolloutRound, nothing written) and prints which pods
 * are on which revision, which are held back and why, and the SidecarSet's events.
 */
import type { SidecarSet } from "../../api/index.js";
import { isRecord, type Fields } from "../../api/index.js";
import { planRolloutRound } from "../../controllers/index.js";
import { kruiseNamespace } from "../../api/index.js";
import { describeSidecarSet } from "../printers/describe-sidecarset.js";
import { formatObjects } from "../printers/object-output.js";
import { formatSidecarSetTable } from "../printers/resource-table.js";
import type { ViewContext } from "./get-source.js";
import { notFoundMessage } from "./get-source.js";
import { parseOutput } from "./get.js";
import { openSidecarSetSource, type SidecarSetSourceOptions } from "./sidecarset-source.js";

export interface SidecarSetViewOptions extends SidecarSetSourceOptions {
  output?: string;
}

export async function getSidecarSets(
  names: readonly string[],
  options: SidecarSetViewOptions,
  ctx: ViewContext,
): Promise<number> {
  const mode = parseOutput(options.output);
  const source = await openSidecarSetSource(options, ctx.stdin);
  const { selected, exitCode } = select(await source.sidecarSets(), names, ctx);
  if (selected.length === 0) {
    if (names.length === 0) ctx.stderr.write("No resources found\n");
    return exitCode;
  }
  const sidecarSets = selected as unknown as SidecarSet[];
  ctx.stdout.write(
    mode.kind === "table"
      ? formatSidecarSetTable(sidecarSets, { now: ctx.clock.now() })
      : formatObjects(sidecarSets, mode, { single: names.length === 1 }),
  );
  return exitCode;
}

export async function describeSidecarSets(
  names: readonly string[],
  options: SidecarSetSourceOptions,
  ctx: ViewContext,
): Promise<number> {
  const source = await openSidecarSetSource(options, ctx.stdin);
  const { selected, exitCode } = select(await source.sidecarSets(), names, ctx);
  if (selected.length === 0) {
    if (names.length === 0) ctx.stderr.write("No resources found\n");
    return exitCode;
  }
  const objects = await source.rolloutObjects();
  const now = ctx.clock.now();
  for (const [i, stored] of selected.entries()) {
    const round = planRolloutRound({
      stored,
      revisions: objects.revisions,
      revisionNamespace: kruiseNamespace,
      pods: objects.pods,
      namespaces: objects.namespaces,
      nowMs: now,
    });
    const events = await source.events(stored);
    // kubectl separates described objects with a blank line.
    ctx.stdout.write(`${i === 0 ? "" : "\n\n"}${describeSidecarSet(round, events, { now })}`);
  }
  return exitCode;
}

/** The named SidecarSets in the order named (all, by name, when none is); kubectl's NotFound for the others. */
function select(all: readonly Fields[], names: readonly string[], ctx: ViewContext) {
  const nameOf = (object: Fields) =>
    isRecord(object.metadata) && typeof object.metadata.name === "string" ? object.metadata.name : "";
  let exitCode = 0;
  for (const name of names) {
    if (!all.some((o) => nameOf(o) === name)) {
      ctx.stderr.write(`${notFoundMessage("sidecarsets.apps.kruise.io", name)}\n`);
      exitCode = 1;
    }
  }
  const selected =
    names.length === 0
      ? [...all].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0))
      : names.flatMap((n) => all.filter((o) => nameOf(o) === n));
  return { selected, exitCode };
}
