/**
 * `podvisor install`: print the manifests that make a cluster use podvisor's SidecarSet webhook
 * (src/webhook/install-manifests.ts), for `kubectl apply -f -`. Reads only the CA bundle file.
 */
import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import type { Writable } from "node:stream";
import { stringify } from "yaml";
import { encodeBase64Text } from "../../api/index.js";
import { isDns1123Label } from "../../api/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { controllerRbac } from "../../manager/cluster/index.js";
import { installManifests, type FailurePolicy, type InstallOptions } from "../../webhook/index.js";
import { helpParagraphs } from "../help-text.js";

interface InstallFlags {
  url?: string;
  namespace: string;
  image: string;
  caBundle?: string;
  failurePolicy: string;
  timeoutSeconds: string;
  namespaceLabel?: string;
  crdsOnly: boolean;
  output: string;
}

export const defaultImage = "podvisor:0.1.0";

export async function installCommand(flags: InstallFlags, stdout: Writable): Promise<number> {
  const problems: string[] = [];
  if (flags.url !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(flags.url);
    } catch {
      problems.push(`--url must be an absolute https URL, got "${flags.url}"`);
    }
    if (url && url.protocol !== "https:")
      problems.push(`--url must use https (the API server calls webhooks over TLS), got "${flags.url}"`);
    if (url && (url.search || url.hash))
      problems.push(`--url must not have a query or fragment, got "${flags.url}"`);
  }
  for (const message of isDns1123Label(flags.namespace))
    problems.push(`--namespace "${flags.namespace}": ${message}`);
  if (flags.failurePolicy !== "Ignore" && flags.failurePolicy !== "Fail")
    problems.push(`--failure-policy must be Ignore or Fail, got "${flags.failurePolicy}"`);
  const timeoutSeconds = Number(flags.timeoutSeconds);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30)
    problems.push(
      `--timeout-seconds must be a whole number from 1 to 30 (the API server's limits), got "${flags.timeoutSeconds}"`,
    );
  let namespaceLabel: InstallOptions["namespaceLabel"];
  if (flags.namespaceLabel !== undefined) {
    const match = /^([^=]+)=(.*)$/.exec(flags.namespaceLabel);
    if (!match) problems.push(`--namespace-label must be KEY=VALUE, got "${flags.namespaceLabel}"`);
    else namespaceLabel = { key: match[1] ?? "", value: match[2] ?? "" };
  }
  if (flags.output !== "yaml" && flags.output !== "json")
    problems.push(`--output must be yaml or json, got "${flags.output}"`);
  let caBundle: string | undefined;
  if (flags.caBundle !== undefined) {
    try {
      const pem = await readFile(flags.caBundle, "utf8");
      if (!pem.includes("-----BEGIN CERTIFICATE-----"))
        problems.push(`--ca-bundle ${flags.caBundle}: not a PEM certificate`);
      caBundle = encodeBase64Text(pem);
    } catch (error) {
      problems.push(`--ca-bundle: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new InvalidInputError("invalid flags", problems);

  const manifests = [
    ...installManifests({
      namespace: flags.namespace,
      image: flags.image,
      failurePolicy: flags.failurePolicy as FailurePolicy,
      timeoutSeconds,
      ...(flags.url !== undefined ? { url: flags.url } : {}),
      ...(caBundle !== undefined ? { caBundle } : {}),
      ...(namespaceLabel ? { namespaceLabel } : {}),
    }),
    // The rollout controller's RBAC and Deployment, beside the webhook's in-cluster objects; with
    // --url podvisor runs outside the cluster and neither is printed.
    ...(flags.url === undefined ? controllerRbac({ namespace: flags.namespace, image: flags.image }) : []),
  ];
  const objects = flags.crdsOnly ? manifests.filter((o) => o.kind === "CustomResourceDefinition") : manifests;
  if (flags.output === "json")
    stdout.write(
      `${JSON.stringify({ apiVersion: "v1", kind: "List", metadata: {}, items: objects }, null, 2)}\n`,
    );
  else
    stdout.write(
      objects
        .map((o) => stringify(o, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false }))
        .join("---\n"),
    );
  return 0;
}

export function registerInstallCommand(program: Command, stdout: Writable): void {
  program
    .command("install")
    .summary("print the manifests that install podvisor's SidecarSet webhook in a cluster")
    .description(
      helpParagraphs([
        "Print the SidecarSet CRD (apps.kruise.io v1alpha1 and v1beta1), the Mutating- and",
        "ValidatingWebhookConfiguration, and — unless --url is given — the Namespace, ServiceAccount,",
        "RBAC, Service and Deployment that run `podvisor webhook` in the cluster. Apply with",
        "`podvisor install ... | kubectl apply -f -`. The pod webhook never sees kube-system or",
        "--namespace. --url registers a webhook running outside the cluster. docs/webhook.md.",
      ]),
    )
    .option("--url <url>", "a webhook outside the cluster: its base URL (https://host:port)")
    .option("--namespace <ns>", "podvisor's namespace (never injected)", "podvisor-system")
    .option("--image <image>", "the image of `podvisor webhook` (deploy/Dockerfile)", defaultImage)
    .option(
      "--ca-bundle <file>",
      "PEM CA of the webhook's serving certificate (else cert-manager's CA injection)",
    )
    .option(
      "--failure-policy <policy>",
      "pod webhook when unreachable: Ignore (pods start uninjected) or Fail",
      "Ignore",
    )
    .option("--timeout-seconds <n>", "how long the API server waits for the webhook (1-30)", "5")
    .option("--namespace-label <key=value>", "inject only into namespaces with this label (opt-in)")
    .option("--crds-only", "print only the CustomResourceDefinition", false)
    .option("-o, --output <format>", "yaml or json (a v1 List)", "yaml")
    .action(async (flags: InstallFlags) => {
      await installCommand(flags, stdout);
    });
}
