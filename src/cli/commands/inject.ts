/**
 * `podvisor inject -f SIDECARSETS -f WORKLOADS`: SidecarSet injection without a cluster, like
 * `istioctl kube-inject`. Reads SidecarSets, Namespaces, ControllerRevisions and workloads; prints
 * the workloads with their sidecars injected (YAML, JSON) or the RFC 6902 patches; `--explain` says
 * on stderr which SidecarSet matched which workload and why, and which admission step refused what
 * a cluster would refuse. Nothing invalid is printed: problems exit 2.
 */
import { helpParagraphs } from "../help-text.js";
import type { Command } from "commander";
import type { Writable } from "node:stream";
import { stringify } from "yaml";
import {
  decodeManifests,
  defaultPod,
  defaultPodSpec,
  controllerRevisionKind,
  formatFieldError,
  sidecarModes,
  validatePod,
  validateControllerRevision,
  type SidecarMode,
  isRecord,
  findUnknownFields,
  unknownFieldError,
  unknownFieldWarning,
  type Fields,
  type FieldValidation,
} from "../../api/index.js";
import { type Clock, InvalidInputError } from "../../shared/index.js";
import {
  injectWorkload,
  isSidecarSetKind,
  parseKubeVersion,
  prepareSidecarSets,
  defaultSidecarHelperSource,
  type SidecarHelperSource,
  type JsonPatchOperation,
  type SidecarSetDecision,
} from "../../sidecarset/index.js";
import { readManifestSources } from "../read-manifests.js";
import { parseValidateFlag, validateFlagHelp } from "../validate-flag.js";

export type InjectOutput = "yaml" | "json" | "patch";

export interface InjectOptions {
  filename: string[];
  output: InjectOutput;
  /** The target cluster's version, for `auto`. */
  kubeVersion: string;
  explain: boolean;
  /** kubectl's `--validate`: unknown and duplicate fields are errors (default), warnings, or ignored. */
  validate?: FieldValidation;
  sidecarMode?: SidecarMode;
  /** `--sidecar-helper-image` / `--sidecar-helper-binary`: the universal and ordered-legacy helper. */
  sidecarHelper?: SidecarHelperSource;
}

export interface InjectContext {
  clock: Clock;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
  newUid: () => string;
}

/** The Kubernetes version `inject` assumes without --kube-version: current, native sidecars on. */
export const defaultKubeVersion = "1.34";

export interface WorkloadReport {
  kind: string;
  namespace: string;
  name: string;
  podPath: string;
  decisions: SidecarSetDecision[];
  /** The admission step that refused the workload, with its problems. */
  refusal?: Refusal;
}

/**
 * Where admission refused an object, in the order a cluster runs the steps: Kruise's SidecarSet
 * webhook (or the API server) on the SidecarSet or ControllerRevision, Kruise's pod webhook
 * injecting the sidecars, the API server validating the pod it made.
 */
export type AdmissionStep =
  | "SidecarSet validation"
  | "ControllerRevision validation"
  | "sidecar injection"
  | "pod validation after injection";

export interface Refusal {
  step: AdmissionStep;
  problems: string[];
}

export async function injectCommand(options: InjectOptions, ctx: InjectContext): Promise<number> {
  const kubeVersion = parseKubeVersion(options.kubeVersion);
  if (!kubeVersion)
    throw new InvalidInputError(
      `--kube-version must look like 1.29 or v1.30.2, got "${options.kubeVersion}"`,
    );
  const sources = await readManifestSources(options.filename, ctx.stdin);
  const validate = options.validate ?? "strict";
  const decoded = decodeManifests(sources, {
    acceptAnyKind: true,
    command: "podvisor inject",
    duplicateFields: validate,
  });
  const problems = [...decoded.errors];
  for (const warning of decoded.warnings) ctx.stderr.write(`Warning: ${warning}\n`);
  // As the API server's strict field validation would on `kubectl apply` of the output: a field
  // podvisor does not know would be dropped or refused there, so it is named here.
  if (validate !== "ignore")
    for (const { kind, object } of decoded.objects) {
      const label = `${kind.toLowerCase()}/${nameOf(object)}`;
      for (const unknown of findUnknownFields(object, kind) ?? []) {
        if (validate === "warn") ctx.stderr.write(`Warning: ${label}: ${unknownFieldWarning(unknown)}\n`);
        else problems.push(`${label}: ${formatFieldError(unknownFieldError(unknown))}`);
      }
    }
  const nowMs = ctx.clock.now();
  const defaulting = { nowMs, ids: ctx.newUid };

  const {
    sidecarSets,
    namespaceLabels,
    admitted,
    input: sidecarSetInput,
  } = prepareSidecarSets(decoded.objects, defaulting);
  const refused: { object: string; refusal: Refusal }[] = [];
  for (const [object, { errors }] of admitted) {
    const label = `sidecarset/${nameOf(object)}`;
    problems.push(...errors.map((e) => `${label}: ${formatFieldError(e)}`));
    if (errors.length > 0)
      refused.push({
        object: label,
        refusal: { step: "SidecarSet validation", problems: errors.map(formatFieldError) },
      });
  }
  for (const { apiVersion, kind, object } of decoded.objects) {
    if (apiVersion !== controllerRevisionKind.apiVersion || kind !== controllerRevisionKind.kind) continue;
    const errors = validateControllerRevision(object).map(formatFieldError);
    const label = `controllerrevision/${nameOf(object)}`;
    problems.push(...errors.map((e) => `${label}: ${e}`));
    if (errors.length > 0)
      refused.push({ object: label, refusal: { step: "ControllerRevision validation", problems: errors } });
  }

  const outputs: Fields[] = [];
  const patches: { kind: string; namespace: string; name: string; patch: JsonPatchOperation[] }[] = [];
  const reports: WorkloadReport[] = [];
  for (const { apiVersion, kind, object } of decoded.objects) {
    if (isSidecarSetKind(apiVersion, kind)) continue;
    const result = injectWorkload(object, sidecarSets, namespaceLabels, {
      nowMs,
      kubeVersion,
      controllerRevisions: sidecarSetInput.controllerRevisions,
      ...(options.sidecarMode ? { defaultMode: options.sidecarMode } : {}),
      ...(options.sidecarHelper ? { sidecarHelper: options.sidecarHelper } : {}),
    });
    const label = `${kind.toLowerCase()}/${nameOf(object)}`;
    problems.push(...result.errors.map((e) => `${label}: ${formatFieldError(e)}`));
    outputs.push(result.object);
    if (result.podPath === undefined) continue;
    const namespace = namespaceOf(object);
    patches.push({ kind, namespace, name: nameOf(object), patch: result.patch });
    const report: WorkloadReport = {
      kind,
      namespace,
      name: nameOf(object),
      podPath: result.podPath.join("."),
      decisions: result.decisions,
    };
    reports.push(report);
    if (result.errors.length > 0)
      report.refusal = { step: "sidecar injection", problems: result.errors.map(formatFieldError) };
    if (result.patch.length === 0) continue;
    const invalid = validateInjected(result.object, kind, result.podPath, defaulting);
    problems.push(...invalid.map((p) => `${label}: after injection: ${p}`));
    if (invalid.length > 0) report.refusal = { step: "pod validation after injection", problems: invalid };
  }
  if (options.explain) ctx.stderr.write(formatExplanation(reports, sidecarSets.length, refused));
  if (problems.length > 0) throw new InvalidInputError("invalid input", problems);

  if (options.output === "patch") ctx.stdout.write(`${JSON.stringify(patches, null, 2)}\n`);
  else if (options.output === "json") {
    const value =
      outputs.length === 1 ? outputs[0] : { apiVersion: "v1", kind: "List", metadata: {}, items: outputs };
    ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  } else {
    ctx.stdout.write(outputs.map((o) => stringify(o, { version: "1.1", lineWidth: 0 })).join("---\n"));
  }
  return 0;
}

/** The injected pod must pass podvisor's validation once the API server's defaults are applied. */
function validateInjected(
  object: Fields,
  kind: string,
  podPath: readonly string[],
  defaulting: { nowMs: number; ids: () => string },
): string[] {
  const copy = structuredClone(object);
  let pod: unknown = copy;
  for (const key of podPath) pod = isRecord(pod) ? pod[key] : undefined;
  if (!isRecord(pod)) return [];
  if (podPath.length === 0) defaultPod(pod, defaulting);
  else if (isRecord(pod.spec))
    defaultPodSpec(pod.spec, { isJobTemplate: kind === "Job" || kind === "CronJob" });
  return validatePod(pod, podPath.join(".")).map(formatFieldError);
}

/**
 * `--explain`: the SidecarSets and ControllerRevisions refused, and the step that refused them;
 * then per workload, each SidecarSet's decision, where its sidecars went, and the step that
 * refused the workload, if one did.
 */
export function formatExplanation(
  reports: readonly WorkloadReport[],
  sidecarSetCount: number,
  refused: readonly { object: string; refusal: Refusal }[] = [],
): string {
  const lines: string[] = [];
  for (const { object, refusal } of refused) lines.push(...formatRefusal(object, refusal, ""));
  // An invalid SidecarSet is not "no SidecarSets": then the refusals are the whole explanation.
  if (sidecarSetCount === 0 && refused.length > 0) return `${lines.join("\n")}\n`;
  if (sidecarSetCount === 0) return "no SidecarSets in the input: nothing to inject\n";
  for (const report of reports) {
    const where = report.podPath ? ` (${report.podPath})` : "";
    lines.push(`${report.kind} ${report.namespace}/${report.name}${where}:`);
    for (const d of report.decisions) {
      if (!d.injected) {
        lines.push(`  sidecarset/${d.sidecarSet}: not injected: ${d.reason}`);
        continue;
      }
      lines.push(
        `  sidecarset/${d.sidecarSet}: injected, ${d.reason}; ${d.mode ?? "as-written"} (${d.modeSource ?? ""}), revision ${d.revision ?? ""}${d.revisionChoice ? ` (${d.revisionChoice})` : ""}`,
      );
      for (const placement of d.placements ?? []) lines.push(`    ${placement}`);
    }
    if (report.refusal) lines.push(...formatRefusal("", report.refusal, "  "));
  }
  return `${lines.join("\n")}\n`;
}

/** `sidecarset/x: refused by SidecarSet validation:` and one indented line per problem. */
function formatRefusal(object: string, refusal: Refusal, indent: string): string[] {
  return [
    `${indent}${object ? `${object}: ` : ""}refused by ${refusal.step}:`,
    ...refusal.problems.map((problem) => `${indent}  ${problem}`),
  ];
}

export function registerInjectCommand(program: Command, ctx: InjectContext): void {
  program
    .command("inject")
    .summary("inject SidecarSets' sidecars into Pods and workloads, offline")
    .description(
      helpParagraphs([
        "Inject the sidecars of the OpenKruise SidecarSets in the input into the Pods and the pod",
        "templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs in the",
        "input, as Kruise's webhook would on a cluster, and print the result. Namespaces in the input",
        "supply the labels namespaceSelector matches, the ConfigMap kruise-system/kruise-configuration",
        "the patchPodMetadata whitelist, and ControllerRevisions in kruise-system the revisions",
        "injectionStrategy.revision pins; other kinds are printed unchanged; the SidecarSets themselves",
        "are not printed. A Job's (and CronJob's) template is matched with the job-name and",
        "controller-uid labels its pods get, without writing them. --explain also names the admission",
        "step that refused what a cluster would refuse.",
        "",
        "Sidecars go in as the SidecarSet spells them, or as native sidecars (init containers with",
        "restartPolicy: Always) or legacy ones (regular containers, first) when the pod or the",
        "SidecarSet has the annotation podvisor.dev/sidecar-mode: native|legacy|auto, or --sidecar-mode",
        "is given. auto is native from Kubernetes 1.29 (see --kube-version). docs/sidecarsets.md.",
        "universal injects each sidecar both ways and lets the pod decide at run time; ordered-legacy",
        "keeps regular sidecars first and last with hooks. Both run the podvisor-sidecar helper, copied",
        "into the pod by an init container from --sidecar-helper-image. docs/sidecar-modes.md.",
      ]),
    )
    .requiredOption(
      "-f, --filename <path...>",
      "SidecarSets, Namespaces and workloads (files, directories, - for stdin)",
    )
    .option(
      "-o, --output <format>",
      "yaml, json (a v1 List when several), or patch (RFC 6902 per workload)",
      "yaml",
    )
    .option(
      "--kube-version <version>",
      "the target cluster's Kubernetes version, for auto",
      defaultKubeVersion,
    )
    .option("--sidecar-mode <mode>", `${sidecarModes.join(", ")} where no annotation says`)
    .option(
      "--sidecar-helper-image <image>",
      "the image the helper is copied from (universal, ordered-legacy)",
      defaultSidecarHelperSource.image,
    )
    .option(
      "--sidecar-helper-binary <path>",
      "the helper's path in that image (on a process-backend node: on the host)",
      defaultSidecarHelperSource.binary,
    )
    .option("--explain", "say on stderr which SidecarSet matched which workload, and why", false)
    .option("--validate <mode>", validateFlagHelp, "strict")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  podvisor inject -f examples/sidecarset-log-agent.yaml -f deployment.yaml",
        "  podvisor inject -f sidecarsets/ -f app.yaml -o patch --kube-version 1.28 --explain",
      ].join("\n"),
    )
    .action(
      async (flags: {
        filename: string[];
        output: string;
        kubeVersion: string;
        sidecarMode?: string;
        sidecarHelperImage: string;
        sidecarHelperBinary: string;
        explain: boolean;
        validate: string;
      }) => {
        if (flags.output !== "yaml" && flags.output !== "json" && flags.output !== "patch")
          throw new InvalidInputError(`--output must be yaml, json or patch, got "${flags.output}"`);
        const mode = flags.sidecarMode;
        if (mode !== undefined && !(sidecarModes as readonly string[]).includes(mode))
          throw new InvalidInputError(`--sidecar-mode must be ${sidecarModes.join(", ")}; got "${mode}"`);
        await injectCommand(
          {
            filename: flags.filename,
            output: flags.output,
            kubeVersion: flags.kubeVersion,
            explain: flags.explain,
            validate: parseValidateFlag(flags.validate),
            ...(mode !== undefined ? { sidecarMode: mode as SidecarMode } : {}),
            sidecarHelper: { image: flags.sidecarHelperImage, binary: flags.sidecarHelperBinary },
          },
          ctx,
        );
      },
    );
}

function nameOf(object: Fields): string {
  return isRecord(object.metadata) && typeof object.metadata.name === "string" ? object.metadata.name : "";
}

function namespaceOf(object: Fields): string {
  return isRecord(object.metadata) &&
    typeof object.metadata.namespace === "string" &&
    object.metadata.namespace
    ? object.metadata.namespace
    : "default";
}
