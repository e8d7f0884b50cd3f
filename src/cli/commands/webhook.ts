/**
 * `podvisor webhook`: the SidecarSet admission webhook for a real cluster. Wires the pieces of
 * src/webhook together — TLS files (reloaded on change), the informer caches, the HTTPS server —
 * and runs until SIGTERM/SIGINT. The decisions are in src/webhook/review-*.ts.
 */
import type { Command } from "commander";
import { setMaxListeners } from "node:events";
import type { Writable } from "node:stream";
import { sidecarModes, type SidecarMode } from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { KubeClient } from "../../kube/index.js";
import { defaultSidecarHelperSource } from "../../sidecarset/index.js";
import { ClusterCaches } from "../../webhook/index.js";
import { TlsFiles } from "../../webhook/index.js";
import { WebhookMetrics } from "../../webhook/index.js";
import { startWebhookServer } from "../../webhook/index.js";
import { helpParagraphs } from "../help-text.js";
import { stderrLogger } from "../stderr-logger.js";
import { parseDurationMs } from "../parse-duration.js";

export interface WebhookOptions {
  host: string;
  port: number;
  tlsCertFile: string;
  tlsKeyFile: string;
  kubeconfig?: string;
  sidecarMode?: SidecarMode;
  /** The image universal and ordered-legacy sidecars copy podvisor-sidecar from (docs/sidecar-modes.md). */
  sidecarHelperImage?: string;
  resyncMs: number;
  tlsPollMs: number;
  verbose: boolean;
}

export interface WebhookContext {
  clock: Clock;
  stderr: Writable;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

export async function webhookCommand(options: WebhookOptions, ctx: WebhookContext): Promise<number> {
  const logger = stderrLogger(ctx.stderr, "podvisor webhook", options.verbose);
  const tlsFiles = new TlsFiles({
    certFile: options.tlsCertFile,
    keyFile: options.tlsKeyFile,
    clock: ctx.clock,
    logger,
    pollIntervalMs: options.tlsPollMs,
  });
  const tls = tlsFiles.load();
  let client: KubeClient;
  try {
    client = await KubeClient.load(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {});
  } catch (error) {
    throw new InvalidInputError(`cannot load the kubeconfig: ${(error as Error).message}`);
  }
  const controller = new AbortController();
  // Every watch, back-off sleep and the TLS poll listen on this one signal: more than Node's
  // default of 10 listeners by design, not a leak.
  setMaxListeners(64, controller.signal);
  const caches = new ClusterCaches({
    client,
    clock: ctx.clock,
    random: Math.random,
    logger,
    resyncPeriodMs: options.resyncMs,
  });
  const metrics = new WebhookMetrics(() => caches.sizes());
  const server = await startWebhookServer({
    host: options.host,
    port: options.port,
    tls,
    source: caches,
    metrics,
    clock: ctx.clock,
    logger,
    ...(options.sidecarMode ? { defaultMode: options.sidecarMode } : {}),
    ...(options.sidecarHelperImage ? { sidecarHelperImage: options.sidecarHelperImage } : {}),
  }).catch((error: unknown) => {
    throw new InvalidInputError(
      `cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`,
    );
  });
  ctx.stderr.write(
    `podvisor webhook: listening on https://${options.host}:${server.port} (API server ${client.server})\n`,
  );
  const stopped = new Promise<string>((resolve) => {
    const off = ctx.onSignal((signal) => {
      off();
      resolve(signal);
    });
  });
  const tlsWatch = tlsFiles.watch((pair) => {
    server.setTls(pair);
    ctx.stderr.write("podvisor webhook: serving the new TLS certificate\n");
  }, controller.signal);
  caches.start(controller.signal);
  void waitForSync(caches, ctx, controller.signal);
  try {
    const signal = await stopped;
    ctx.stderr.write(`podvisor webhook: ${signal}, shutting down\n`);
  } finally {
    controller.abort();
    await server.close();
    await tlsWatch;
    await caches.stopped();
  }
  return 0;
}

async function waitForSync(caches: ClusterCaches, ctx: WebhookContext, signal: AbortSignal): Promise<void> {
  try {
    while (!caches.hasSynced()) await ctx.clock.sleep(50, signal);
    const sizes = caches
      .sizes()
      .map((c) => `${c.size} ${c.name}`)
      .join(", ");
    ctx.stderr.write(`podvisor webhook: caches synced (${sizes}); ready\n`);
  } catch {
    // stopped before the caches synced
  }
}

interface WebhookFlags {
  host: string;
  port: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  kubeconfig?: string;
  sidecarMode?: string;
  sidecarHelperImage?: string;
  resync: string;
  tlsPollInterval: string;
  verbose: boolean;
}

export function registerWebhookCommand(program: Command, ctx: WebhookContext): void {
  program
    .command("webhook")
    .summary("serve SidecarSet admission (injection, defaults, validation) for a cluster")
    .description(
      helpParagraphs([
        "Serve the admission webhooks that make podvisor a drop-in for OpenKruise's SidecarSet on a",
        "real cluster: pod injection on CREATE (answered with a JSON patch only, so fields podvisor does",
        "not know survive), SidecarSet defaulting and validation, and the CRD's v1alpha1/v1beta1",
        "conversion. SidecarSets, Namespaces and Nodes come from watches; /readyz is ready once they",
        "synced. The TLS files are reloaded when they change. Register it with `podvisor install`.",
        "Do not run it in a cluster where Kruise's own SidecarSet webhook runs. docs/webhook.md.",
      ]),
    )
    .requiredOption("--tls-cert-file <path>", "the serving certificate (PEM), reloaded on change")
    .requiredOption("--tls-key-file <path>", "its private key (PEM)")
    .option("--host <address>", "the address to listen on", "127.0.0.1")
    .option("--port <port>", "the port to listen on (0: any free port)", "9443")
    .option("--kubeconfig <path>", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
    .option(
      "--sidecar-mode <mode>",
      `${sidecarModes.join(", ")}: the mode where neither pod nor SidecarSet says (docs/sidecar-modes.md)`,
    )
    .option(
      "--sidecar-helper-image <image>",
      `the image universal and ordered-legacy sidecars copy podvisor-sidecar from (built by scripts/sidecar-helper/build.sh --image; default ${defaultSidecarHelperSource.image})`,
    )
    .option("--resync <duration>", "re-deliver the cached objects this often (client-go resync)", "10m")
    .option("--tls-poll-interval <duration>", "re-read the TLS files at least this often", "10s")
    .option("-v, --verbose", "log every admission on stderr", false)
    .action(async (flags: WebhookFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InvalidInputError(`--port must be a port number (0-65535), got "${flags.port}"`);
      const mode = flags.sidecarMode;
      if (mode !== undefined && !(sidecarModes as readonly string[]).includes(mode))
        throw new InvalidInputError(
          `--sidecar-mode must be one of ${sidecarModes.join(", ")}, got "${mode}"`,
        );
      await webhookCommand(
        {
          host: flags.host,
          port,
          tlsCertFile: flags.tlsCertFile,
          tlsKeyFile: flags.tlsKeyFile,
          ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
          ...(mode ? { sidecarMode: mode as SidecarMode } : {}),
          ...(flags.sidecarHelperImage ? { sidecarHelperImage: flags.sidecarHelperImage } : {}),
          resyncMs: parseDurationMs(flags.resync, "--resync"),
          tlsPollMs: parseDurationMs(flags.tlsPollInterval, "--tls-poll-interval"),
          verbose: flags.verbose,
        },
        ctx,
      );
    });
}
