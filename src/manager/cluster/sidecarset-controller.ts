/**
 * The SidecarSet rollout controller's shell: informer caches (src/kube Reflector) of SidecarSets,
 * pods, Namespaces and the SidecarSets' ControllerRevisions in kruise-system; event handlers that
 * enqueue the SidecarSets a change concerns (Kruise's enqueue handlers,
 * pkg/controller/sidecarset/sidecarset_pod_event_handler.go, simplified to "every SidecarSet
 * selecting or recording the pod"); and one worker that reconciles a SidecarSet at a time:
 * `planRolloutRound` (the revision history, then the rollout), written by RolloutWriter. A failed round is
 * retried with the queue's back-off; a plan that asks for it is reconciled again after
 * `requeueAfterMs`. The decisions are all in src/controllers/sidecarset-rollout.
 */
import { createHash } from "node:crypto";
import {
  isRecord,
  kruiseAnnotations,
  kruiseNamespace,
  type Fields,
  type Pod,
  type SidecarSet,
} from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import type { Logger } from "../../shared/index.js";
import {
  kubeListWatcher,
  objectKey,
  Reflector,
  type CacheChange,
  type KubeClient,
} from "../../kube/index.js";
import {
  isPodSelected,
  isPodWriteObserved,
  planRolloutRound,
  podPlanInputs,
  sidecarSetNameLabel,
  type NamespaceLabels,
} from "../../controllers/sidecarset-rollout/index.js";
import { ControllerMetrics } from "./controller-metrics.js";
import { ReconcileQueue } from "./reconcile-queue.js";
import { RolloutWriter } from "./rollout-writer.js";

export interface SidecarSetControllerOptions {
  client: KubeClient;
  clock: Clock;
  random: () => number;
  logger: Logger;
  resyncPeriodMs: number;
  /** Reconcile only SidecarSets with these labels (a label selector), e.g. for a canary controller. */
  sidecarSetSelector?: string;
}

export class SidecarSetController {
  private readonly sidecarSets: Reflector;
  private readonly pods: Reflector;
  private readonly namespaces: Reflector;
  private readonly revisions: Reflector;
  /** "namespace/name" → the resourceVersion our last write to the pod returned. */
  private readonly pendingPodWrites = new Map<string, string>();
  /**
   * "namespace/name" → a digest of what a plan reads of the pod (`podPlanInputs`), as last seen;
   * kept for the pods some SidecarSet concerns only.
   */
  private readonly podInputDigests = new Map<string, string>();
  private queue: ReconcileQueue | undefined;
  private runs: Promise<void>[] = [];
  readonly metrics: ControllerMetrics;
  private leading = false;

  constructor(private readonly options: SidecarSetControllerOptions) {
    const make = (name: string, path: string, labelSelector?: string) =>
      new Reflector({
        name,
        listWatcher: kubeListWatcher(options.client, path, labelSelector ? { labelSelector } : {}),
        clock: options.clock,
        random: options.random,
        logger: options.logger,
        resyncPeriodMs: options.resyncPeriodMs,
      });
    this.sidecarSets = make(
      "sidecarsets",
      "/apis/apps.kruise.io/v1beta1/sidecarsets",
      options.sidecarSetSelector,
    );
    this.pods = make("pods", "/api/v1/pods");
    this.namespaces = make("namespaces", "/api/v1/namespaces");
    this.revisions = make(
      "controllerrevisions",
      `/apis/apps/v1/namespaces/${kruiseNamespace}/controllerrevisions`,
      sidecarSetNameLabel,
    );
    this.metrics = new ControllerMetrics(
      () => this.queue?.depth ?? 0,
      () => this.leading,
    );
    this.sidecarSets.subscribe((change) => this.onSidecarSetChange(change));
    this.pods.subscribe((change) => this.onPodChange(change));
    this.namespaces.subscribe((change) => {
      if (change.type === "replaced") this.digestNewlyConcernedPods();
      this.enqueueAll();
    });
  }

  /** Starts the caches (a standby replica keeps them warm so it can take over at once). */
  startCaches(signal: AbortSignal): void {
    this.runs = [this.sidecarSets, this.pods, this.namespaces, this.revisions].map((r) => r.run(signal));
  }

  hasSynced(): boolean {
    return [this.sidecarSets, this.pods, this.namespaces, this.revisions].every((r) => r.hasSynced());
  }

  /** Reconciles until `signal` aborts (leadership lost or shutdown). Call once caches run. */
  async lead(signal: AbortSignal): Promise<void> {
    const queue = new ReconcileQueue(this.options.clock, signal);
    this.queue = queue;
    this.leading = true;
    try {
      while (!this.hasSynced()) await this.options.clock.sleep(50, signal);
      this.options.logger.debug("caches synced", {
        sidecarSets: this.sidecarSets.size,
        pods: this.pods.size,
      });
      this.enqueueAll();
      for (let key = await queue.next(); key !== undefined; key = await queue.next()) {
        await this.process(queue, key, signal);
        queue.done(key);
      }
    } catch {
      // aborted while waiting for the caches
    } finally {
      this.leading = false;
      this.queue = undefined;
    }
  }

  async stopped(): Promise<void> {
    await Promise.all(this.runs);
  }

  private async process(queue: ReconcileQueue, name: string, signal: AbortSignal): Promise<void> {
    try {
      const requeueAfterMs = await this.reconcile(name, signal);
      queue.forget(name);
      if (requeueAfterMs !== undefined) {
        queue.addAfter(name, requeueAfterMs);
        this.metrics.recordReconcile("requeue_after");
      } else this.metrics.recordReconcile("success");
    } catch (error) {
      if (signal.aborted) return;
      const delayMs = queue.addRateLimited(name);
      this.metrics.recordReconcile("error");
      this.options.logger.warn(`sidecarset ${name}: reconcile failed; retrying in ${delayMs} ms`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** One round for SidecarSet `name`; returns when to come back unasked, if ever. */
  private async reconcile(name: string, signal: AbortSignal): Promise<number | undefined> {
    const stored = this.sidecarSets.get(name);
    if (stored === undefined || (stored.metadata as Fields | undefined)?.deletionTimestamp !== undefined)
      return undefined;
    const startedAtMs = this.options.clock.now();
    const pods = this.pods.list() as unknown as Pod[];
    this.dropObservedWrites();
    const writer = new RolloutWriter({
      client: this.options.client,
      clock: this.options.clock,
      random: this.options.random,
      logger: this.options.logger,
      signal,
      onPodWritten: (key, resourceVersion) => this.pendingPodWrites.set(key, resourceVersion),
      onPodUpdated: () => this.metrics.recordPodUpdated(),
    });
    const { sidecarSet, history, actions } = planRolloutRound({
      stored,
      revisions: this.revisions.list(),
      revisionNamespace: kruiseNamespace,
      pods,
      namespaces: this.namespaceLabels(),
      nowMs: this.options.clock.now(),
      pendingPodWrites: new Map(this.pendingPodWrites),
    });
    const plannedAtMs = this.options.clock.now();
    this.metrics.recordReconcileStage("plan", (plannedAtMs - startedAtMs) / 1000);
    try {
      await writer.writeRevisionHistory(history);
      for (const problem of actions.errors)
        this.options.logger.warn(
          `sidecarset ${name}: pod ${problem.namespace}/${problem.name}: ${problem.message}`,
        );
      await writer.writeRollout(sidecarSet, actions);
    } finally {
      this.metrics.recordReconcileStage("write", (this.options.clock.now() - plannedAtMs) / 1000);
    }
    this.options.logger.debug(`sidecarset ${name}: ${actions.phase}`, {
      matched: actions.status.matchedPods,
      updated: actions.status.updatedPods,
      ready: actions.status.readyPods,
      patched: actions.podUpdates.map((u) => `${u.namespace}/${u.name}`),
      planMs: plannedAtMs - startedAtMs,
      writeMs: this.options.clock.now() - plannedAtMs,
    });
    return actions.requeueAfterMs;
  }

  /** Forget expectations the cache now shows, or whose pod is gone. */
  private dropObservedWrites(): void {
    for (const [key, resourceVersion] of this.pendingPodWrites) {
      const pod = this.pods.get(key) as unknown as Pod | undefined;
      if (pod === undefined || isPodWriteObserved(pod, resourceVersion)) this.pendingPodWrites.delete(key);
    }
  }

  private namespaceLabels(): NamespaceLabels {
    const labels = new Map<string, Record<string, string>>();
    for (const ns of this.namespaces.list()) {
      const name = isRecord(ns.metadata) ? ns.metadata.name : undefined;
      if (typeof name === "string") labels.set(name, namespaceLabelsOf(ns));
    }
    return labels;
  }

  /** The labels of the pod's namespace alone: all a pod's selection reads, looked up per pod event. */
  private podNamespaceLabels(pod: Pod): NamespaceLabels {
    const name = pod.metadata.namespace || "default";
    const ns = this.namespaces.get(name);
    if (ns === undefined) return new Map();
    return new Map([[name, namespaceLabelsOf(ns)]]);
  }

  private onSidecarSetChange(change: CacheChange): void {
    if (change.type === "replaced" || change.type === "added") this.digestNewlyConcernedPods();
    if (change.type === "replaced") this.enqueueAll();
    else this.queue?.add(change.key);
  }

  /**
   * Digests for the cached pods a SidecarSet concerns that have none yet: the caches fill in any
   * order, so pods listed before their SidecarSets (or Namespaces) were known got no digest, and
   * their first update would wake the SidecarSet whatever it changed.
   */
  private digestNewlyConcernedPods(): void {
    for (const object of this.pods.list()) {
      const key = objectKey(object);
      const pod = object as unknown as Pod;
      if (!this.podInputDigests.has(key) && this.sidecarSetsConcerning(pod).length > 0)
        this.podInputDigests.set(key, planInputsDigest(pod));
    }
  }

  private onPodChange(change: CacheChange): void {
    if (change.type === "replaced") {
      this.podInputDigests.clear();
      this.digestNewlyConcernedPods();
      return this.enqueueAll();
    }
    const pod = change.object as unknown as Pod;
    const concerned = this.sidecarSetsConcerning(pod);
    if (concerned.length === 0) {
      this.podInputDigests.delete(change.key);
      return this.metrics.recordPodChange("unmatched");
    }
    if (!this.changesAPlan(change.type, change.key, pod)) return this.metrics.recordPodChange("ignored");
    for (const name of concerned) this.queue?.add(name);
    this.metrics.recordPodChange("enqueued");
  }

  /** The SidecarSets that select the pod, or whose revision it records (it may have left the selector). */
  private sidecarSetsConcerning(pod: Pod): string[] {
    const recorded = pod.metadata.annotations?.[kruiseAnnotations.sidecarSetHash] ?? "";
    const namespaces = this.podNamespaceLabels(pod);
    const names: string[] = [];
    for (const object of this.sidecarSets.list()) {
      const set = object as unknown as SidecarSet;
      const name = set.metadata.name ?? "";
      if (recorded.includes(`"${name}"`) || isPodSelected(set, pod, namespaces)) names.push(name);
    }
    return names;
  }

  /**
   * An update that changed nothing a plan reads (another controller's annotation or condition,
   * managedFields) cannot change a plan: it wakes nobody — unless it shows one of our own writes
   * the last round is waiting for. Creations, deletions and resyncs always count.
   */
  private changesAPlan(type: Exclude<CacheChange["type"], "replaced">, key: string, pod: Pod): boolean {
    if (type === "deleted") {
      this.podInputDigests.delete(key);
      return true;
    }
    const digest = planInputsDigest(pod);
    const previous = this.podInputDigests.get(key);
    this.podInputDigests.set(key, digest);
    if (type !== "updated" || previous !== digest) return true;
    const pending = this.pendingPodWrites.get(key);
    return pending !== undefined && isPodWriteObserved(pod, pending);
  }

  private enqueueAll(): void {
    for (const set of this.sidecarSets.list()) this.queue?.add(objectKey(set));
  }
}

function namespaceLabelsOf(ns: Fields): Record<string, string> {
  const labels = isRecord(ns.metadata) ? ns.metadata.labels : undefined;
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

function planInputsDigest(pod: Pod): string {
  return createHash("sha1").update(podPlanInputs(pod)).digest("base64");
}
