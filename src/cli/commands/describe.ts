/**
 * `podvisor describe pod [NAME...]`: kubectl's describe layout for each pod, with its events from
 * the run's events.jsonl. Pods that do not exist are reported as kubectl reports them.
 * `describe sidecarset` reads a cluster or saved objects instead (sidecarset-views.ts).
 */
import { describePod } from "../printers/describe-pod.js";
import { parseResource } from "./get.js";
import { describeSidecarSets } from "./sidecarset-views.js";
import { notFoundMessage, openViewSource, type SourceOptions, type ViewContext } from "./get-source.js";
import { InvalidInputError } from "../../shared/index.js";

export async function describeCommand(
  resource: string,
  names: readonly string[],
  options: SourceOptions & { kubeconfig?: string },
  ctx: ViewContext,
): Promise<number> {
  const kind = parseResource(resource).join();
  if (kind === "SidecarSet") {
    const { kubeconfig, filename } = options;
    return describeSidecarSets(
      names,
      {
        ...(kubeconfig !== undefined ? { kubeconfig } : {}),
        ...(filename !== undefined ? { filename } : {}),
      },
      ctx,
    );
  }
  if (kind !== "Pod") {
    throw new InvalidInputError(
      `podvisor describes pods and sidecarsets; for Jobs and workloads use 'podvisor get <kind> -o yaml'`,
    );
  }
  const source = await openViewSource(options, ctx);
  const pods = source.pods();
  const events = source.events();
  let exitCode = 0;
  const selected =
    names.length === 0 ? pods : names.flatMap((n) => pods.filter((p) => p.metadata.name === n));
  for (const name of names) {
    if (!pods.some((p) => p.metadata.name === name)) {
      ctx.stderr.write(`${notFoundMessage("pods", name)}\n`);
      exitCode = 1;
    }
  }
  if (names.length === 0 && pods.length === 0) {
    ctx.stderr.write("No resources found in default namespace.\n");
    return 0;
  }
  const now = ctx.clock.now();
  selected.forEach((pod, i) => {
    // kubectl separates described objects with a blank line.
    ctx.stdout.write(`${i === 0 ? "" : "\n\n"}${describePod(pod, events, { now })}`);
  });
  return exitCode;
}
