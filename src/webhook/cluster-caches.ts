/**
 * What the webhook answers from: informer caches (src/kube Reflector) of SidecarSets
 * (apps.kruise.io/v1beta1, the storage version), Namespaces (their labels, for
 * namespaceSelector), Nodes (their kubelet versions, for auto) and the ConfigMap
 * kruise-system/kruise-configuration (the patchPodMetadata whitelist), plus the API server's
 * version read at start. No admission calls the API server. The pod view is rebuilt only when a
 * cache changed since the last admission.
 */
import { setMaxListeners } from "node:events";
import type { SidecarSet } from "../api/index.js";
import { isRecord, type Fields } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import type { Logger } from "../shared/index.js";
import { kruiseConfiguration } from "../sidecarset/index.js";
import { parseKubeVersion } from "../sidecarset/index.js";
import type { KubeClient } from "../kube/index.js";
import { kubeListWatcher } from "../kube/index.js";
import { Reflector } from "../kube/index.js";
import { KubeApiError } from "../kube/index.js";
import { Backoff, reflectorBackoff } from "../kube/index.js";
import type { PodAdmissionCaches } from "./review-pod.js";
import { nodeView, type KubeVersion } from "./target-kube-version.js";

export interface ClusterCachesOptions {
  client: KubeClient;
  clock: Clock;
  random: () => number;
  logger: Logger;
  resyncPeriodMs: number;
}

export class ClusterCaches {
  private readonly reflectors: Reflector[];
  private readonly sidecarSets: Reflector;
  private readonly namespaces: Reflector;
  private readonly nodes: Reflector;
  private readonly configuration: Reflector;
  private serverVersion: KubeVersion | undefined;
  private view: PodAdmissionCaches | undefined;
  private runs: Promise<void>[] = [];

  constructor(private readonly options: ClusterCachesOptions) {
    const make = (name: string, path: string, fieldSelector?: string) =>
      new Reflector({
        name,
        listWatcher: kubeListWatcher(options.client, path, fieldSelector ? { fieldSelector } : {}),
        clock: options.clock,
        random: options.random,
        logger: options.logger,
        resyncPeriodMs: options.resyncPeriodMs,
      });
    this.sidecarSets = make("sidecarsets", "/apis/apps.kruise.io/v1beta1/sidecarsets");
    this.namespaces = make("namespaces", "/api/v1/namespaces");
    this.nodes = make("nodes", "/api/v1/nodes");
    this.configuration = make(
      "kruise-configuration",
      `/api/v1/namespaces/${kruiseConfiguration.namespace}/configmaps`,
      `metadata.name=${kruiseConfiguration.name}`,
    );
    this.reflectors = [this.sidecarSets, this.namespaces, this.nodes, this.configuration];
    for (const reflector of this.reflectors) reflector.subscribe(() => (this.view = undefined));
  }

  /** Reads the server version and lists and watches, retrying with back-off, until `signal` aborts. */
  start(signal: AbortSignal): void {
    // Each reflector's watch and back-off sleep listen on this signal: many listeners by design.
    setMaxListeners(64, signal);
    this.runs = [...this.reflectors.map((r) => r.run(signal)), this.readServerVersion(signal)];
  }

  private async readServerVersion(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(reflectorBackoff, this.options.random);
    while (!signal.aborted) {
      try {
        const version = await this.options.client.requestJson("GET", "/version", undefined, signal);
        const parsed =
          typeof version.gitVersion === "string" ? parseKubeVersion(version.gitVersion) : undefined;
        if (!parsed)
          throw new KubeApiError(
            `GET /version: no usable gitVersion in ${JSON.stringify(version)}`,
            200,
            undefined,
          );
        this.serverVersion = parsed;
        this.view = undefined;
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.logger.warn("cannot read the API server's version", { error: String(error) });
      }
      try {
        await this.options.clock.sleep(backoff.delayMs(this.options.clock.now()), signal);
      } catch {
        return;
      }
    }
  }

  async stopped(): Promise<void> {
    await Promise.all(this.runs);
  }

  hasSynced(): boolean {
    return this.serverVersion !== undefined && this.reflectors.every((r) => r.hasSynced());
  }

  sizes(): { name: string; size: number; synced: boolean }[] {
    return this.reflectors.map((r) => ({ name: r.name, size: r.size, synced: r.hasSynced() }));
  }

  podView(): PodAdmissionCaches {
    if (this.view) return this.view;
    const namespaceLabels = new Map<string, Record<string, string>>();
    for (const ns of this.namespaces.list()) {
      const meta = isRecord(ns.metadata) ? ns.metadata : {};
      const labels: Record<string, string> = {};
      if (isRecord(meta.labels))
        for (const [k, v] of Object.entries(meta.labels)) if (typeof v === "string") labels[k] = v;
      if (typeof meta.name === "string") namespaceLabels.set(meta.name, labels);
    }
    this.view = {
      sidecarSets: this.sidecarSets.list() as unknown as SidecarSet[],
      namespaceLabels,
      nodes: this.nodes.list().map(nodeView),
      serverVersion: this.serverVersion ?? [1, 0],
    };
    return this.view;
  }

  patchMetadataWhitelist(): string | undefined {
    const configMap: Fields | undefined = this.configuration.list()[0];
    const value =
      configMap && isRecord(configMap.data)
        ? configMap.data[kruiseConfiguration.patchMetadataWhitelistKey]
        : undefined;
    return typeof value === "string" ? value : undefined;
  }
}
