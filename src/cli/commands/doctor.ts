/**
 * `podvisor doctor`: can this cluster run native sidecars? Reads the cluster (doctor/), prints
 * the checklist or JSON, exits 1 when a check failed. Changes nothing unless `--label-nodes`.
 */
import type { Command } from "commander";
import type { Writable } from "node:stream";
import { InvalidInputError } from "../../shared/index.js";
import { KubeApiError, KubeClient } from "../../kube/index.js";
import { diagnose, formatReport, labelNodes, readClusterFacts } from "../../doctor/index.js";
import { nativeSidecarNodeLabel } from "../../sidecarset/index.js";
import { helpParagraphs } from "../help-text.js";

interface DoctorFlags {
  kubeconfig?: string;
  namespace: string[];
  output?: string;
  labelNodes: boolean;
}

export function registerDoctorCommand(
  program: Command,
  ctx: { stdout: Writable },
  setExitCode: (code: number) => void,
): void {
  program
    .command("doctor")
    .summary("check whether a cluster can run native sidecars, and what stands in the way")
    .description(
      helpParagraphs([
        "Check a cluster for native sidecars (initContainers with restartPolicy: Always), as the",
        'Kubernetes tutorial "Adopting Sidecar Containers" does by hand: the API server\'s version and',
        "SidecarContainers gate (/metrics), every node's kubelet version and gate (through",
        "/api/v1/nodes/<node>/proxy/metrics where it answers), the mutating webhooks that see pod",
        "CREATE, and in each namespace a server-side dry-run create (dryRun=All) of a probe pod with a",
        "native sidecar: if admission dropped restartPolicy, the matching webhooks are listed, most",
        "likely first, with the fix. Nothing in the cluster changes unless --label-nodes is given.",
        "",
        "Exit codes: 0 every check passed, 1 native sidecars would not work somewhere, 2 bad input or",
        "the cluster cannot be read. docs/adoption.md.",
        "",
        "Example: podvisor doctor -n default -n shop --label-nodes",
      ]),
    )
    .option("--kubeconfig <path>", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
    .option(
      "-n, --namespace <namespace>",
      "a namespace to dry-run the probe pod in (repeatable; default: default)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("-o, --output <format>", "json for scripts (default: the checklist)")
    .option(
      "--label-nodes",
      `label every node doctor can judge ${nativeSidecarNodeLabel}=true|false (the webhook's auto mode reads it)`,
      false,
    )
    .action(async (flags: DoctorFlags) => {
      setExitCode(await doctorCommand(flags, ctx));
    });
}

async function doctorCommand(flags: DoctorFlags, ctx: { stdout: Writable }): Promise<number> {
  if (flags.output !== undefined && flags.output !== "json")
    throw new InvalidInputError(`--output must be json (or absent for the checklist), got "${flags.output}"`);
  let client: KubeClient;
  try {
    client = await KubeClient.load(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {});
  } catch (error) {
    throw new InvalidInputError(`cannot load the kubeconfig: ${(error as Error).message}`);
  }
  const namespaces = flags.namespace.length > 0 ? [...new Set(flags.namespace)] : ["default"];
  let facts;
  try {
    facts = await readClusterFacts(client, namespaces);
  } catch (error) {
    if (error instanceof KubeApiError)
      throw new InvalidInputError(`cannot read the cluster: ${error.message}`);
    throw error;
  }
  const report = diagnose(facts);
  const labelled = flags.labelNodes ? await labelNodes(client, report.nodeSupport) : [];
  ctx.stdout.write(
    flags.output === "json"
      ? `${JSON.stringify({ ...report, labelled, apiServer: facts.apiServer.gitVersion }, null, 2)}\n`
      : formatReport(report, labelled),
  );
  return report.nativeSidecarsWork ? 0 : 1;
}
