/**
 * `podvisor node`: join a Kubernetes cluster as a Node and run the pods bound to it with
 * podvisor's lifecycle engine and the process backend, reporting to the API server as a kubelet
 * does. Wires src/node together with the kubeconfig, the state directory and the signals; runs
 * until SIGTERM/SIGINT, which terminates the pods gracefully and marks the node NotReady.
 */
import type { Command } from "commander";
import { isIP } from "node:net";
import type { Writable } from "node:stream";
import { isDns1123Label, type Pod } from "../../api/index.js";
import { InvalidInputError, type Clock } from "../../shared/index.js";
import type { ContainerRuntime } from "../../runtime/index.js";
import { KubeClient } from "../../kube/index.js";
import {
  kubeletAuthorizationModes,
  readMachineFacts,
  runNode,
  createMetricsHandler,
  defaultMaxPods,
  implementedKubeletVersion,
  kubeletVersionProblem,
  metricsPath,
  startKubeletApi,
  type KubeletAuthorizationMode,
  type KubeletRoute,
} from "../../node/index.js";
import { parseKubeVersion } from "../../sidecarset/index.js";
import { StateStore, defaultStateRoot } from "../../store/index.js";
import { featureGatesFlagHelp, readFeatureGatesFlag } from "../feature-gates-flag.js";
import { helpParagraphs } from "../help-text.js";
import { parseDurationMs } from "../parse-duration.js";
import { stderrLogger } from "../stderr-logger.js";

export interface NodeCommandContext {
  clock: Clock;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  nodeName: string;
  pid: number;
  argv: string[];
  randomSuffix: () => string;
  createRuntime: (stateDir: string) => ContainerRuntime;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

interface NodeFlags {
  kubeconfig?: string;
  nodeName?: string;
  nodeIp: string;
  stateDir?: string;
  verbose: boolean;
  address?: string;
  port: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  authenticationTokenWebhook: string | boolean;
  anonymousAuth: string | boolean;
  authorizationMode: string;
  featureGates?: string;
  kubeletVersion?: string;
  syncFrequency: string;
  maxPods: string;
}

const podvisorVersion = "0.1.0";

export function registerNodeCommand(program: Command, ctx: NodeCommandContext): void {
  program
    .command("node")
    .summary("join a Kubernetes cluster as a node and run its pods with podvisor's lifecycle")
    .description(
      helpParagraphs([
        "Register this machine as a Kubernetes Node and run the pods the scheduler binds to it, with",
        "the same engine and process backend as `podvisor run`: native sidecars, probes, hooks and",
        "ordered termination as the kubelet v1.36.3 does them. The node keeps its Lease in",
        "kube-node-lease fresh every 10 s, writes pod status through pods/status when it changes, and",
        "records the kubelet's Events. A pod podvisor cannot run faithfully is rejected (phase Failed,",
        "reason UnsupportedPodSpec). `kubectl delete pod` runs the ordered termination, then removes the",
        "pod. SIGTERM or Ctrl-C: the node turns NotReady and terminates its pods gracefully.",
        "",
        "Container output, statuses and events are also kept in the state directory: read them there",
        "with `podvisor logs|get|describe --state-dir <dir>`. The kubelet API (HTTPS on --address:--port)",
        "serves container logs to the API server, so `kubectl logs` works: give the API server",
        "--kubelet-client-certificate/--kubelet-client-key and this node the --client-ca-file that signed",
        "them. Bearer tokens (a ServiceAccount's) are checked with a TokenReview, every caller's access",
        "with a SubjectAccessReview (nodes/proxy, nodes/metrics, ...), as the kubelet's Webhook modes do.",
        "`kubectl exec`, `attach` and `port-forward` are answered 501 Not Implemented. docs/node.md.",
        "",
        "Example: podvisor node --kubeconfig ~/.kube/config --node-name edge-1 --node-ip 10.0.0.5",
      ]),
    )
    .option("--kubeconfig <path>", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
    .option("--node-name <name>", "the Node's name (default: this machine's hostname, lower-cased)")
    .option("--node-ip <address>", "the node's InternalIP address and the pods' hostIP", "127.0.0.1")
    .option("--state-dir <dir>", "where container output, statuses and events are kept")
    .option("--address <address>", "where the kubelet API listens (default: --node-ip)")
    .option("--port <port>", "the kubelet API's port (0: any free one)", "10250")
    .option("--tls-cert-file <path>", "the kubelet API's serving certificate (default: self-signed)")
    .option("--tls-private-key-file <path>", "its private key")
    .option("--client-ca-file <path>", "CA that signs the client certificates of kubelet API callers")
    .option(
      "--authentication-token-webhook [bool]",
      "accept bearer tokens on the kubelet API, checked with a TokenReview (=false: off)",
      true,
    )
    .option(
      "--anonymous-auth [bool]",
      "treat kubelet API requests without credentials as system:anonymous instead of refusing them (401)",
      false,
    )
    .option("--authorization-mode <mode>", "kubelet API authorization: Webhook or AlwaysAllow", "Webhook")
    .option(
      "--sync-frequency <duration>",
      "how often running pods' ConfigMap, Secret, downwardAPI and projected volumes (and tokens) are refreshed (kubelet's default)",
      "1m",
    )
    .option(
      "--max-pods <n>",
      "pods this node accepts: its capacity and allocatable pods",
      String(defaultMaxPods),
    )
    .option("--feature-gates <gates>", featureGatesFlagHelp)
    .option(
      "--kubelet-version <version>",
      "the nodeInfo.kubeletVersion to report, to play an old node (e.g. v1.27.16 with --feature-gates SidecarContainers=false)",
    )
    .option("-v, --verbose", "log debugging details on stderr", false)
    .action(async (flags: NodeFlags) => {
      await nodeCommand(flags, ctx);
    });
}

async function nodeCommand(flags: NodeFlags, ctx: NodeCommandContext): Promise<void> {
  const nodeName = flags.nodeName ?? ctx.nodeName.toLowerCase();
  if (nodeName.length > 253 || nodeName.split(".").some((label) => isDns1123Label(label).length > 0))
    throw new InvalidInputError(
      `--node-name must be a DNS subdomain (lower-case letters, digits, "-" and "."), got "${nodeName}"`,
    );
  if (isIP(flags.nodeIp) === 0)
    throw new InvalidInputError(`--node-ip must be an IPv4 or IPv6 address, got "${flags.nodeIp}"`);
  if (flags.address !== undefined && isIP(flags.address) === 0)
    throw new InvalidInputError(`--address must be an IPv4 or IPv6 address, got "${flags.address}"`);
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535)
    throw new InvalidInputError(`--port must be a port number (0 to 65535), got "${flags.port}"`);
  const syncFrequencyMs = parseDurationMs(flags.syncFrequency, "--sync-frequency");
  if (syncFrequencyMs < 1000)
    throw new InvalidInputError(`--sync-frequency must be at least 1s, got "${flags.syncFrequency}"`);
  const authorizationMode = flags.authorizationMode as KubeletAuthorizationMode;
  if (!kubeletAuthorizationModes.includes(authorizationMode))
    throw new InvalidInputError(
      `--authorization-mode must be one of ${kubeletAuthorizationModes.join(", ")}, got "${flags.authorizationMode}"`,
    );
  const isTokenWebhookEnabled = readBooleanFlag(
    "--authentication-token-webhook",
    flags.authenticationTokenWebhook,
  );
  const isAnonymousEnabled = readBooleanFlag("--anonymous-auth", flags.anonymousAuth);
  const maxPods = Number(flags.maxPods);
  if (!/^\d+$/.test(flags.maxPods) || maxPods < 1)
    throw new InvalidInputError(`--max-pods must be a positive whole number, got "${flags.maxPods}"`);
  const featureGates = readFeatureGatesFlag(flags.featureGates);
  const versionProblem =
    flags.kubeletVersion !== undefined
      ? kubeletVersionProblem(flags.kubeletVersion, featureGates)
      : undefined;
  if (versionProblem !== undefined) throw new InvalidInputError(versionProblem);
  const kubeletMinor = parseKubeVersion(flags.kubeletVersion ?? implementedKubeletVersion)?.[1] ?? 36;
  let client: KubeClient;
  try {
    client = await KubeClient.load({
      ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
      clock: ctx.clock,
    });
  } catch (error) {
    throw new InvalidInputError(`cannot load the kubeconfig: ${(error as Error).message}`);
  }
  const logger = stderrLogger(ctx.stderr, "podvisor node", flags.verbose);
  const startedAt = new Date(ctx.clock.now()).toISOString();
  const store = new StateStore(
    flags.stateDir ?? defaultStateRoot(ctx.env),
    {
      id: `node-${nodeName}-${startedAt.replace(/[:.]/g, "").replace("T", "-").slice(0, 15)}-${ctx.randomSuffix()}`,
      pid: ctx.pid,
      argv: ctx.argv,
      startedAt,
    },
    {
      // Not coalesced (no clock): the kubelet API's log route reads the pod's current instance from
      // the state directory, so its status file must not lag. A full disk is said once per file.
      onFault: (fault) =>
        logger.warn(`cannot write ${fault.path}; the node goes on, its local record is incomplete`, {
          error: fault.error.message,
        }),
    },
  );
  const beforeReady = new AbortController();
  const stopped = new Promise<string>((resolve) => {
    const off = ctx.onSignal((signal) => {
      off();
      beforeReady.abort();
      resolve(signal);
    });
  });
  // The kubelet API's log route reads which container instance is current from here: the pod
  // files are written off the main thread and can lag the workers (a pod leaves it when terminal,
  // as its file is then final).
  const currentPods = new Map<string, Pod>();
  const recordPod = (pod: Pod) => {
    const key = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") currentPods.delete(key);
    else currentPods.set(key, pod);
    store.recordPod(pod);
  };
  const kubeletApi = await startKubeletApi({
    nodeName,
    address: flags.address ?? flags.nodeIp,
    port,
    nodeAddresses: [flags.nodeIp],
    ...(flags.tlsCertFile !== undefined ? { tlsCertFile: flags.tlsCertFile } : {}),
    ...(flags.tlsPrivateKeyFile !== undefined ? { tlsPrivateKeyFile: flags.tlsPrivateKeyFile } : {}),
    ...(flags.clientCaFile !== undefined ? { clientCaFile: flags.clientCaFile } : {}),
    isTokenWebhookEnabled,
    isAnonymousEnabled,
    authorizationMode,
    client,
    clock: ctx.clock,
    logger,
    run: { id: store.runDir.split("/").pop() ?? "", dir: store.runDir },
    currentPod: (namespace, name) => currentPods.get(`${namespace}/${name}`),
    extraRoutes: metricsRoutes(createMetricsHandler(featureGates, kubeletMinor)),
  }).catch(async (error: unknown) => {
    await store.close(2, new Date(ctx.clock.now()).toISOString());
    throw error;
  });
  ctx.stderr.write(`podvisor node: registering node ${nodeName} with ${client.server}\n`);
  const runtime = ctx.createRuntime(store.runDir);
  let node;
  try {
    node = await runNode({
      client,
      runtime,
      clock: ctx.clock,
      logger,
      random: Math.random,
      nodeName,
      nodeIP: flags.nodeIp,
      kubeletPort: kubeletApi.port,
      maxPods,
      syncFrequencyMs,
      podvisorVersion,
      machine: readMachineFacts(),
      featureGates,
      ...(flags.kubeletVersion !== undefined ? { kubeletVersion: flags.kubeletVersion } : {}),
      onEvent: (event) => store.recordEvent(event),
      onLog: (pod, container, line, restartCount) => store.recordLog(pod, container, restartCount, line),
      onPodStatus: recordPod,
      signal: beforeReady.signal,
    });
  } catch (error) {
    await runtime.close();
    await kubeletApi.close();
    if (!beforeReady.signal.aborted) throw error;
    ctx.stderr.write(`podvisor node: ${await stopped} before the node was registered; stopped\n`);
    await store.close(0, new Date(ctx.clock.now()).toISOString());
    return;
  }
  ctx.stderr.write(
    `podvisor node: node ${nodeName} is Ready; kubelet API on port ${kubeletApi.port}; state in ${store.runDir}\n`,
  );
  const signal = await stopped;
  ctx.stderr.write(`podvisor node: ${signal}: marking the node NotReady and terminating its pods\n`);
  await node.shutdown();
  await kubeletApi.close();
  await store.close(0, new Date(ctx.clock.now()).toISOString());
  ctx.stderr.write(`podvisor node: stopped (${node.statusWrites()} pod status writes)\n`);
}

/** A kubelet-style boolean flag: `--flag` or `--flag=true` is on, `--flag=false` off. */
function readBooleanFlag(flag: string, value: string | boolean): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new InvalidInputError(`${flag} takes true or false (${flag}=false), got "${value}"`);
}

/** The node's `/metrics` (the feature gates, for doctor and the adoption tutorial) on the kubelet API. */
function metricsRoutes(handler: ReturnType<typeof createMetricsHandler>): KubeletRoute[] {
  return ["GET", "HEAD"].map((method) => ({
    method,
    path: new RegExp(`^${metricsPath}$`),
    handle: (request, response) => handler(request.raw, response),
  }));
}
