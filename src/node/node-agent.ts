/**
 * podvisor node's pod loop (the kubelet's syncLoop over its API pod source): a Reflector on the
 * pods bound to this node; each new pod is admitted (can podvisor run it faithfully?) and handed
 * to a pod worker; a deletionTimestamp starts the ordered termination with the API's
 * deletionGracePeriodSeconds, after which the pod is removed with grace period 0; a pod removed
 * from the API (force delete) is stopped at once. Statuses go through the PodStatusManager, events
 * through the recorder, logs and statuses also to the local state directory.
 */
import type { FeatureGates, Fields, Pod } from "../api/index.js";
import type { Clock, EventSink, Logger } from "../shared/index.js";
import { unhonouredFields, type ContainerRuntime } from "../runtime/index.js";
import type { PodWorkerDeps } from "../agent/index.js";
import {
  createPodRuntimeState,
  planAfterLostSandbox,
  podGracePeriodMs,
  type LostSandboxPlan,
} from "../lifecycle/index.js";
import { generatePodStatus, KUBELET_CONDITION_TYPES } from "../status/index.js";
import type { Reflector, CacheChange } from "../kube/index.js";
import { fetchPodObjects, fetchPodObjectsUntilAnswered } from "./pod-objects.js";
import { admissionProblems } from "./pod-admission.js";
import type { KubeRequester, PodStatusManager } from "./pod-status-manager.js";
import { startNodePodWorker, type NodePodWorker } from "./pod-worker-adapter.js";
import type { ServiceAccountTokens } from "./service-account-tokens.js";
import { rejectedPodStatus, unsupportedPodReason } from "./pod-rejection.js";

export interface NodeAgentDeps {
  client: KubeRequester;
  /** The token manager for projected serviceAccountToken sources. */
  tokens: ServiceAccountTokens;
  pods: Reflector;
  runtime: ContainerRuntime;
  statuses: PodStatusManager;
  clock: Clock;
  /** Jitter of the retry back-off; Math.random in production. */
  random: () => number;
  logger: Logger;
  nodeName: string;
  hostIP: string;
  featureGates: FeatureGates;
  onEvent: EventSink;
  onLog: PodWorkerDeps["onLog"];
  /** Every status the node reports (the state directory). */
  onPodStatus: (pod: Pod) => void;
  /**
   * How often a running pod's ConfigMaps and Secrets are read again and its configMap, secret and
   * downwardAPI volumes rewritten (kubelet `syncFrequency`, 1 min: the pod sync that remounts them).
   */
  syncFrequencyMs: number;
  signal: AbortSignal;
}

interface PodEntry {
  pod: Pod;
  worker?: NodePodWorker;
  /** The API asked for deletion: remove the pod once its containers are gone. */
  isDeleting: boolean;
  /** Nothing runs in it any more (finished, rejected, or terminal when the node first saw it). */
  isFinished: boolean;
  finished?: Promise<void>;
}

export class NodeAgent {
  private readonly pods = new Map<string, PodEntry>();
  private isShuttingDown = false;

  constructor(private readonly deps: NodeAgentDeps) {
    deps.pods.subscribe((change) => this.onChange(change));
  }

  /** The UID of a pod this node knows, for events. */
  uidOf(namespace: string, name: string): string | undefined {
    for (const entry of this.pods.values())
      if (entry.pod.metadata.namespace === namespace && entry.pod.metadata.name === name)
        return entry.pod.metadata.uid;
    return undefined;
  }

  /** Graceful termination of every pod (node shutdown); resolves when all are finished. */
  async shutdown(): Promise<void> {
    this.isShuttingDown = true;
    for (const entry of this.pods.values()) entry.worker?.delete(podGracePeriodMs(entry.pod));
    await Promise.all([...this.pods.values()].map((entry) => entry.finished ?? Promise.resolve()));
  }

  private onChange(change: CacheChange): void {
    if (change.type === "replaced") {
      // A relist: pods that vanished while the watch was down were deleted from the API.
      const listed = this.deps.pods.list();
      const uids = new Set(listed.map((object) => (object as unknown as Pod).metadata.uid ?? ""));
      for (const [uid, entry] of this.pods)
        if (!uids.has(uid)) this.onRemoved(entry.pod as unknown as Fields);
      for (const object of listed) this.onPod(object);
      return;
    }
    if (change.type === "deleted") this.onRemoved(change.object);
    else this.onPod(change.object);
  }

  private onPod(object: Fields): void {
    const pod = object as unknown as Pod;
    const uid = pod.metadata.uid ?? "";
    const entry = this.pods.get(uid);
    if (entry) {
      const previous = entry.pod;
      entry.pod = pod;
      this.deps.statuses.reconcile(pod);
      // kubelet HandlePodUpdates → UpdatePod: the worker reads the new spec (A16: a new image
      // restarts that container). Our own status writes come back as MODIFIED too; they change
      // nothing the worker reads, so they are not passed on.
      if (!pod.metadata.deletionTimestamp && isWorkerVisibleChange(previous, pod)) entry.worker?.update(pod);
      if (foreignConditionsOf(previous) !== foreignConditionsOf(pod))
        entry.worker?.setForeignConditions(pod.status?.conditions ?? []);
      if (pod.metadata.deletionTimestamp && !entry.isDeleting) {
        entry.isDeleting = true;
        // A finished pod has nothing left to stop: remove it now (status_manager canBeDeleted).
        if (entry.isFinished) entry.finished = this.deps.statuses.deletePod(uid);
        else entry.worker?.delete(deletionGraceMs(pod));
      }
      return;
    }
    if (this.isShuttingDown) return;
    const phase = pod.status?.phase;
    const isTerminal = phase === "Succeeded" || phase === "Failed";
    const fresh: PodEntry = {
      pod,
      isDeleting: Boolean(pod.metadata.deletionTimestamp),
      isFinished: isTerminal,
    };
    this.pods.set(uid, fresh);
    this.deps.statuses.track(pod);
    // A terminal pod is never run again (kubelet: terminal pods are not restarted).
    if (isTerminal) {
      fresh.finished = fresh.isDeleting ? this.deps.statuses.deletePod(uid) : Promise.resolve();
      return;
    }
    if (fresh.isDeleting) {
      // Deleted before it ever ran here: nothing to stop.
      fresh.finished = this.deps.statuses.deletePod(uid);
      return;
    }
    fresh.finished = this.admitAndRun(fresh).catch((error: unknown) =>
      this.deps.logger.warn(`pod ${describe(pod)}: ${String(error)}`),
    );
  }

  private onRemoved(object: Fields): void {
    const pod = object as unknown as Pod;
    const uid = pod.metadata.uid ?? "";
    const entry = this.pods.get(uid);
    this.deps.statuses.forget(uid);
    if (!entry) return;
    if (entry.isFinished) {
      this.pods.delete(uid);
      return;
    }
    // Gone from the API (a force delete): stop what still runs with the grace the API gave.
    entry.isDeleting = true;
    entry.worker?.delete(deletionGraceMs(pod));
    void entry.finished?.finally(() => this.pods.delete(uid));
  }

  private async admitAndRun(entry: PodEntry): Promise<void> {
    const { deps } = this;
    const admitted = entry.pod;
    const pod = admitted;
    const objects = await fetchPodObjectsUntilAnswered(pod, {
      ...deps,
      isWanted: () => !entry.isDeleting && !this.isShuttingDown,
    });
    if (objects === undefined) {
      // Deleted (or the node stopping) before the API server answered: nothing ever ran.
      entry.isFinished = true;
      if (entry.isDeleting) await deps.statuses.deletePod(pod.metadata.uid ?? "");
      return;
    }
    const problems = await admissionProblems(pod, objects, deps.runtime, {
      hostIP: deps.hostIP,
      nodeName: deps.nodeName,
    });
    if (problems.length > 0) {
      this.reject(pod, problems);
      entry.isFinished = true;
      if (entry.isDeleting) await deps.statuses.deletePod(pod.metadata.uid ?? "");
      return;
    }
    for (const warning of unhonouredFields(pod, deps.runtime.capabilities))
      deps.logger.warn(`pod ${describe(pod)}: ${warning}`);
    const uid = pod.metadata.uid ?? "";
    const lost = this.planLostSandbox(pod, admitted);
    if (lost.kind === "end") {
      // restartPolicy Never: nothing is re-created; the pod ends as its lost containers left it.
      this.reportStatus({
        ...pod,
        status: generatePodStatus(pod, lost.state, deps.clock.now(), admitted.status),
      });
      await deps.statuses.flush(uid);
      entry.isFinished = true;
      if (entry.isDeleting) await deps.statuses.deletePod(uid);
      return;
    }
    const worker = startNodePodWorker(
      pod,
      objects,
      {
        runtime: deps.runtime,
        clock: deps.clock,
        nodeName: deps.nodeName,
        hostIP: deps.hostIP,
        featureGates: deps.featureGates,
        onEvent: deps.onEvent,
        onLog: deps.onLog,
        onStatus: (current) => this.reportStatus(current),
      },
      lost.kind === "restart" ? lost.state : undefined,
    );
    entry.worker = worker;
    // An update that came while the pod was being admitted reaches the worker now.
    if (!entry.isDeleting && isWorkerVisibleChange(admitted, entry.pod)) worker.update(entry.pod);
    worker.setForeignConditions(entry.pod.status?.conditions ?? []);
    if (entry.isDeleting || this.isShuttingDown)
      worker.delete(entry.isDeleting ? deletionGraceMs(entry.pod) : podGracePeriodMs(pod));
    const done = new AbortController();
    const refreshing = this.refreshObjects(entry, worker, done.signal);
    await worker.finished.finally(() => done.abort());
    await refreshing;
    deps.logger.debug(`pod ${describe(pod)}: finished`);
    await deps.statuses.flush(uid);
    entry.isFinished = true;
    if (entry.isDeleting) {
      await deps.statuses.deletePod(uid);
      deps.logger.debug(`pod ${describe(pod)}: deleted from the API`);
    }
  }

  /**
   * A15: a pod bound here whose containers ran before this node process started lost them with
   * the previous process (lifecycle `planAfterLostSandbox`); a new sandbox gets the kubelet's
   * `SandboxChanged` event.
   */
  private planLostSandbox(pod: Pod, admitted: Pod): LostSandboxPlan {
    const { deps } = this;
    const nowMs = deps.clock.now();
    const fresh = createPodRuntimeState(pod, nowMs, { hostIP: deps.hostIP });
    const plan = planAfterLostSandbox(pod, admitted.status, fresh, nowMs);
    if (plan.kind !== "fresh")
      deps.logger.warn(
        `pod ${describe(pod)}: its containers were lost with the previous podvisor node process (A15): ${plan.kind === "restart" ? "a new sandbox" : "restartPolicy Never, not re-created"}`,
      );
    if (plan.kind === "restart")
      deps.onEvent({
        type: "Normal",
        reason: "SandboxChanged",
        message: "Pod sandbox changed, it will be killed and re-created.",
        involvedObject: {
          kind: "Pod",
          namespace: pod.metadata.namespace ?? "default",
          name: pod.metadata.name ?? "",
        },
        timeMs: nowMs,
        source: "kubelet",
      });
    return plan;
  }

  /**
   * Every `syncFrequencyMs` while the pod runs: its ConfigMaps and Secrets again from the API (the
   * "Get" strategy), handed to the worker, which rewrites the volumes that changed. A required
   * object that is gone keeps the volume as it was (the kubelet's failed SetUp leaves it too).
   */
  private async refreshObjects(entry: PodEntry, worker: NodePodWorker, done: AbortSignal): Promise<void> {
    const { deps } = this;
    const signal = AbortSignal.any([done, deps.signal]);
    for (;;) {
      try {
        await deps.clock.sleep(deps.syncFrequencyMs, signal);
        const pod = entry.pod;
        const objects = await fetchPodObjects(deps.client, pod, signal, deps.tokens);
        const missing = [...objects.missing, ...objects.awaited];
        if (missing.length > 0)
          deps.logger.warn(`pod ${describe(pod)}: volumes kept as they are: ${missing.join(", ")} not found`);
        else worker.refreshObjects(objects);
      } catch (error) {
        if (signal.aborted) return;
        deps.logger.warn(
          `pod ${describe(entry.pod)}: cannot read its ConfigMaps and Secrets: ${String(error)}`,
        );
      }
    }
  }

  /** kubelet `rejectPod`: a Warning event and the status Failed with the reason and message. */
  private reject(pod: Pod, problems: string[]): void {
    const message = `podvisor cannot run this pod faithfully: ${problems.join("; ")}`;
    this.deps.onEvent({
      type: "Warning",
      reason: unsupportedPodReason,
      message,
      involvedObject: {
        kind: "Pod",
        namespace: pod.metadata.namespace ?? "default",
        name: pod.metadata.name ?? "",
      },
      timeMs: this.deps.clock.now(),
      source: "kubelet",
    });
    this.reportStatus({ ...pod, status: rejectedPodStatus(pod, message) });
  }

  private reportStatus(pod: Pod): void {
    const status =
      pod.status && this.deps.hostIP !== "127.0.0.1"
        ? { ...pod.status, hostIP: this.deps.hostIP, hostIPs: [{ ip: this.deps.hostIP }] }
        : pod.status;
    const reported = { ...pod, ...(status ? { status } : {}) };
    this.deps.statuses.setStatus(reported);
    this.deps.onPodStatus(reported);
  }
}

/** The grace period the API set with the deletion (deletionGracePeriodSeconds), else the pod's. */
function deletionGraceMs(pod: Pod): number {
  const seconds = pod.metadata.deletionGracePeriodSeconds;
  return typeof seconds === "number" ? seconds * 1000 : podGracePeriodMs(pod);
}

/** The pod's conditions others own (readiness gates'), as JSON: what `setForeignConditions` takes. */
function foreignConditionsOf(pod: Pod): string {
  return JSON.stringify(
    (pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITION_TYPES.includes(c.type)),
  );
}

/** The spec, labels or annotations changed: what `PodWorker.update` takes (not the status). */
function isWorkerVisibleChange(previous: Pod, next: Pod): boolean {
  const visible = (pod: Pod) => JSON.stringify([pod.spec, pod.metadata.labels, pod.metadata.annotations]);
  return visible(previous) !== visible(next);
}

function describe(pod: Pod): string {
  return `${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}`;
}
