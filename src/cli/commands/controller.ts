/**
 * `podvisor controller`: the SidecarSet rollout controller for a real cluster. Wires
 * src/manager/cluster together — the caches, the leader elector, the metrics endpoint — and runs
 * until SIGTERM/SIGINT, or until leadership is lost (exit 1, as kube-controller-manager exits, so
 * the pod restarts as a fresh candidate). The decisions are in src/controllers/sidecarset-rollout.
 */
import type { Command } from "commander";
import { setMaxListeners } from "node:events";
import type { Writable } from "node:stream";
import type { Clock, Logger } from "../../shared/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { KubeClient } from "../../kube/index.js";
import {
  controllerName,
  LeaderElector,
  SidecarSetController,
  startMetricsServer,
  type RunningMetricsServer,
} from "../../manager/cluster/index.js";
import { isDns1123Label } from "../../api/index.js";
import { helpParagraphs } from "../help-text.js";
import { parseDurationMs } from "../parse-duration.js";

export interface ControllerOptions {
  kubeconfig?: string;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** host and port, or undefined to serve no metrics. */
  metrics?: { host: string; port: number };
  resyncMs: number;
  sidecarSetSelector?: string;
  verbose: boolean;
}

export interface ControllerContext {
  clock: Clock;
  stderr: Writable;
  nodeName: string;
  newUid: () => string;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

export async function controllerCommand(options: ControllerOptions, ctx: ControllerContext): Promise<number> {
  const say = (line: string) => ctx.stderr.write(`podvisor controller: ${line}\n`);
  const logger = stderrLogger(say, options.verbose);
  let client: KubeClient;
  try {
    client = await KubeClient.load(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {});
  } catch (error) {
    throw new InvalidInputError(`cannot load the kubeconfig: ${(error as Error).message}`);
  }
  const stop = new AbortController();
  // Every watch and back-off sleep listens on this one signal: many listeners by design.
  setMaxListeners(64, stop.signal);
  const controller = new SidecarSetController({
    client,
    clock: ctx.clock,
    random: Math.random,
    logger,
    resyncPeriodMs: options.resyncMs,
    ...(options.sidecarSetSelector ? { sidecarSetSelector: options.sidecarSetSelector } : {}),
  });
  const identity = `${ctx.nodeName}_${ctx.newUid()}`;
  const elector = new LeaderElector({
    client,
    clock: ctx.clock,
    random: Math.random,
    logger,
    namespace: options.leaseNamespace,
    name: options.leaseName,
    identity,
    leaseDurationMs: options.leaseDurationMs,
    renewDeadlineMs: options.renewDeadlineMs,
    retryPeriodMs: options.retryPeriodMs,
  });
  let metrics: RunningMetricsServer | undefined;
  if (options.metrics) {
    const { host, port } = options.metrics;
    metrics = await startMetricsServer(host, port, () => controller.metrics.render()).catch(
      (error: unknown) => {
        throw new InvalidInputError(
          `--metrics-addr: cannot listen on ${host}:${port}: ${(error as Error).message}`,
        );
      },
    );
    say(`metrics on http://${host}:${metrics.port}/metrics`);
  }
  const off = ctx.onSignal((signal) => {
    off();
    say(`${signal}, shutting down`);
    stop.abort();
  });
  say(`API server ${client.server}; identity ${identity}`);
  controller.startCaches(stop.signal);
  let leading: Promise<void> = Promise.resolve();
  let exitCode = 0;
  try {
    if (!options.leaderElect) {
      say("leader election disabled: acting at once");
      await controller.lead(stop.signal);
    } else {
      say(`waiting for the lease ${options.leaseNamespace}/${options.leaseName}`);
      const outcome = await elector.run(stop.signal, (signal) => {
        say(`leading (lease ${options.leaseNamespace}/${options.leaseName})`);
        leading = controller.lead(signal);
      });
      if (outcome === "lost") {
        say("leader election lost; exiting so a fresh candidate can take over");
        exitCode = 1;
      }
    }
  } finally {
    off();
    stop.abort();
    await leading;
    await controller.stopped();
    await metrics?.close();
  }
  return exitCode;
}

function stderrLogger(say: (line: string) => void, verbose: boolean): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    say(`${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
  return {
    debug: (message, fields) => verbose && line("debug", message, fields),
    warn: (message, fields) => line("warning", message, fields),
  };
}

/** "host:port", ":port" (every address) or "0" (off), as kruise-manager's --metrics-addr. */
export function parseMetricsAddr(text: string): { host: string; port: number } | undefined {
  if (text === "0") return undefined;
  const match = /^(.*):(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw new InvalidInputError(`--metrics-addr must be HOST:PORT, :PORT or 0 (off), got "${text}"`);
  return { host: (match[1] ?? "").replace(/^\[(.*)\]$/, "$1") || "0.0.0.0", port };
}

interface ControllerFlags {
  kubeconfig?: string;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  metricsAddr: string;
  resync: string;
  sidecarsetSelector?: string;
  verbose: boolean;
}

export function registerControllerCommand(
  program: Command,
  ctx: ControllerContext,
  setExitCode: (code: number) => void,
): void {
  program
    .command("controller")
    .summary("roll SidecarSet sidecar updates out in place across a cluster's pods")
    .description(
      helpParagraphs([
        "Run the SidecarSet rollout controller, OpenKruise's rules: when a SidecarSet's images change,",
        "patch only the sidecar images of the pods it injected (regular and native sidecars), a few at a",
        "time (updateStrategy.maxUnavailable, partition, paused, selector, priority and scatter), record",
        "each revision as a ControllerRevision in kruise-system, and keep the SidecarSet's status",
        "(MATCHED, UPDATED, READY in `kubectl get sidecarsets`), the pods' SidecarSetUpgradable",
        "condition and Events current. Pods restart their sidecar through their kubelet; the rollout",
        "waits until the new image runs and is ready.",
        "",
        "Run two replicas: they elect a leader on a coordination.k8s.io Lease (client-go's semantics)",
        "and only the leader writes; a replica that loses the lease exits 1. Failed writes are retried",
        "with back-off per SidecarSet. The RBAC it needs comes with `podvisor install`.",
        "docs/sidecarsets.md (Rollouts).",
      ]),
    )
    .option("--kubeconfig <path>", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
    .option("--leader-elect", "elect a leader on a Lease before acting", true)
    .option("--no-leader-elect", "act at once: only for a single replica")
    .option("--lease-namespace <ns>", "the namespace of the leader Lease", "podvisor-system")
    .option("--lease-name <name>", "the name of the leader Lease", controllerName)
    .option("--leader-elect-lease-duration <duration>", "how long a lease lasts unrenewed", "15s")
    .option("--leader-elect-renew-deadline <duration>", "the leader gives up if not renewed by then", "10s")
    .option("--leader-elect-retry-period <duration>", "how often to try to acquire or renew", "2s")
    .option("--metrics-addr <addr>", "serve /metrics and /healthz on HOST:PORT or :PORT (0: off)", ":8080")
    .option("--resync <duration>", "re-deliver the cached objects this often (client-go resync)", "10m")
    .option("--sidecarset-selector <selector>", "reconcile only SidecarSets with these labels (k=v,...)")
    .option("-v, --verbose", "log each reconcile (phase, counts, pods patched, timings) on stderr", false)
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  podvisor install | kubectl apply -f -      # CRDs, webhook, and this controller's RBAC",
        "  podvisor controller --kubeconfig ~/.kube/config --lease-namespace podvisor-system",
        "  curl -s localhost:8080/metrics | grep podvisor_sidecarset",
      ].join("\n"),
    )
    .action(async (flags: ControllerFlags) => {
      const problems: string[] = [];
      for (const message of isDns1123Label(flags.leaseNamespace))
        problems.push(`--lease-namespace "${flags.leaseNamespace}": ${message}`);
      if (problems.length > 0) throw new InvalidInputError("invalid flags", problems);
      const timings = {
        leaseDurationMs: parseDurationMs(flags.leaderElectLeaseDuration, "--leader-elect-lease-duration"),
        renewDeadlineMs: parseDurationMs(flags.leaderElectRenewDeadline, "--leader-elect-renew-deadline"),
        retryPeriodMs: parseDurationMs(flags.leaderElectRetryPeriod, "--leader-elect-retry-period"),
      };
      // client-go NewLeaderElector refuses these, for the same reason: the leader must give up
      // before a successor may take the lease.
      if (timings.leaseDurationMs <= timings.renewDeadlineMs)
        throw new InvalidInputError(
          "--leader-elect-lease-duration must be greater than --leader-elect-renew-deadline",
        );
      if (timings.renewDeadlineMs <= timings.retryPeriodMs * 1.2)
        throw new InvalidInputError(
          "--leader-elect-renew-deadline must be greater than 1.2 × --leader-elect-retry-period",
        );
      const metrics = parseMetricsAddr(flags.metricsAddr);
      const code = await controllerCommand(
        {
          ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
          leaderElect: flags.leaderElect,
          leaseNamespace: flags.leaseNamespace,
          leaseName: flags.leaseName,
          ...timings,
          ...(metrics ? { metrics } : {}),
          resyncMs: parseDurationMs(flags.resync, "--resync"),
          ...(flags.sidecarsetSelector ? { sidecarSetSelector: flags.sidecarsetSelector } : {}),
          verbose: flags.verbose,
        },
        ctx,
      );
      setExitCode(code);
    });
}
