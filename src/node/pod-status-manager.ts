/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go, v1.36.3) for podvisor
 * node: each pod's latest status is written through the `pods/status` subresource only when it
 * differs from what the API holds, as the kubelet's strategic merge patch carrying the pod's UID
 * as a precondition (pod-status-patch.ts: only the node's own conditions, merged by type, so
 * another writer's condition is never dropped). A
 * failed write is retried with a growing delay (capped at the kubelet's 10 s sync period) and
 * always sends the latest status, so nothing is lost while the API server is unreachable; a pod
 * whose status someone else changed in the API (the node lifecycle controller's Ready=False) gets
 * the node's status again (`reconcile`, the kubelet's `needsReconcile`). Once a
 * deleted pod's containers are gone, `deletePod` removes it with grace period 0 and the UID
 * precondition, after its final status was written (`canBeDeleted`).
 */
import { isRecord, type Fields, type Pod } from "../api/index.js";
import type { Clock, Logger } from "../shared/index.js";
import { KubeApiError, type KubeClient } from "../kube/index.js";
import { createStatusPatch, mergeNodeStatus, strategicMergePatch } from "./pod-status-patch.js";
import { needsReconcile } from "./pod-status-reconcile.js";

export type KubeRequester = Pick<KubeClient, "requestJson">;

/** kubelet `syncPeriod` of the status manager: the longest a failed write waits to be retried. */
const maxRetryDelayMs = 10_000;
const firstRetryDelayMs = 250;
/** How many of its own writes' resourceVersions a pod remembers, to know their watch events. */
const ownVersionsKept = 8;

interface PodEntry {
  namespace: string;
  name: string;
  uid: string;
  /** The status the API server holds: its answer to our last write, or a newer watch event. */
  apiStatus: Fields;
  /** The resourceVersion `apiStatus` is from ("" when unknown): an older event is not adopted. */
  apiVersion: string;
  desired: Fields;
  /** JSON of the last status written successfully: an equal one is not sent again. */
  lastWritten: string;
  writing: Promise<void> | undefined;
  /** The pod is gone from the API (or replaced): nothing more is written. */
  isGone: boolean;
  /** resourceVersions the API gave the node's own writes: their watch events need no reconcile. */
  ownVersions: string[];
  /** The API's copy that came while a write was under way: looked at once it is done. */
  pendingApiPod: Pod | undefined;
}

export class PodStatusManager {
  private readonly pods = new Map<string, PodEntry>();
  private writesSent = 0;

  constructor(
    private readonly deps: { client: KubeRequester; clock: Clock; logger: Logger; signal: AbortSignal },
  ) {}

  /** Status writes sent so far (for the benchmark and tests). */
  get writes(): number {
    return this.writesSent;
  }

  /** The pod as the API server last showed it: the base the first patch is computed against. */
  track(pod: Pod): void {
    const uid = pod.metadata.uid ?? "";
    if (this.pods.has(uid)) return;
    const apiStatus = isRecord(pod.status) ? pod.status : {};
    this.pods.set(uid, {
      namespace: pod.metadata.namespace ?? "default",
      name: pod.metadata.name ?? "",
      uid,
      apiStatus,
      apiVersion: pod.metadata.resourceVersion ?? "",
      desired: apiStatus,
      lastWritten: JSON.stringify(apiStatus),
      writing: undefined,
      isGone: false,
      ownVersions: [],
      pendingApiPod: undefined,
    });
  }

  /** The pod's new status; written at once unless it equals what the API holds. */
  setStatus(pod: Pod): void {
    this.track(pod);
    const entry = this.pods.get(pod.metadata.uid ?? "");
    if (!entry || !isRecord(pod.status)) return;
    entry.desired = pod.status;
    this.startWriting(entry);
  }

  /**
   * The pod as the API holds it now (a watch event or a relist): it becomes the base the next
   * patch is computed against, so what others wrote (their conditions) is known. When another
   * writer changed a condition the node reports, the node's status is written again. The kubelet
   * compares every 10 s (syncBatch); podvisor compares as each change arrives, skipping its own
   * writes' events and events older than the copy it has.
   */
  reconcile(apiPod: Pod): void {
    const entry = this.pods.get(apiPod.metadata.uid ?? "");
    if (!entry || entry.isGone || !isRecord(apiPod.status)) return;
    if (entry.writing) {
      entry.pendingApiPod = apiPod;
      return;
    }
    const version = apiPod.metadata.resourceVersion ?? "";
    if (entry.ownVersions.includes(version) || isOlderVersion(version, entry.apiVersion)) return;
    entry.apiStatus = apiPod.status;
    entry.apiVersion = version;
    if (!needsReconcile(apiPod.status, entry.desired)) return;
    this.deps.logger.debug(
      `pod ${entry.namespace}/${entry.name}: status changed in the API; writing it again`,
    );
    entry.lastWritten = "";
    this.startWriting(entry);
  }

  /** Resolves once the latest status is in the API (or the pod is gone, or the node stops). */
  async flush(uid: string): Promise<void> {
    const entry = this.pods.get(uid);
    while (entry?.writing) await entry.writing;
  }

  /** The pod left the API: forget it. */
  forget(uid: string): void {
    const entry = this.pods.get(uid);
    if (entry) entry.isGone = true;
    this.pods.delete(uid);
  }

  /** status_manager `syncPod` after `canBeDeleted`: DELETE with gracePeriodSeconds 0 and the UID precondition. */
  async deletePod(uid: string): Promise<void> {
    await this.flush(uid);
    const entry = this.pods.get(uid);
    if (!entry || entry.isGone) return;
    const body = {
      kind: "DeleteOptions",
      apiVersion: "v1",
      gracePeriodSeconds: 0,
      preconditions: { uid: entry.uid },
    };
    await this.withRetries(entry, () =>
      this.deps.client.requestJson("DELETE", podPath(entry), body, this.deps.signal),
    );
    this.forget(uid);
  }

  private startWriting(entry: PodEntry): void {
    if (entry.writing || entry.isGone) return;
    entry.writing = this.writeUntilCurrent(entry).finally(() => {
      entry.writing = undefined;
      const pending = entry.pendingApiPod;
      entry.pendingApiPod = undefined;
      if (pending) this.reconcile(pending);
    });
  }

  /** Writes until the API holds the latest status; each attempt, retries included, sends the latest. */
  private async writeUntilCurrent(entry: PodEntry): Promise<void> {
    let delayMs = firstRetryDelayMs;
    while (!entry.isGone && !this.deps.signal.aborted) {
      const desired = entry.desired;
      const desiredJson = JSON.stringify(desired);
      if (desiredJson === entry.lastWritten) return;
      const patch = createStatusPatch(entry.apiStatus, mergeNodeStatus(entry.apiStatus, desired));
      if (Object.keys(patch).length === 0) {
        entry.lastWritten = desiredJson;
        return;
      }
      let answer: Fields;
      try {
        this.writesSent++;
        answer = await this.deps.client.requestJson(
          "PATCH",
          `${podPath(entry)}/status`,
          { metadata: { uid: entry.uid }, status: patch },
          this.deps.signal,
          strategicMergePatch,
        );
      } catch (error) {
        if (!(await this.waitToRetry(entry, error, delayMs))) return;
        delayMs = Math.min(delayMs * 2, maxRetryDelayMs);
        continue;
      }
      delayMs = firstRetryDelayMs;
      entry.apiStatus = isRecord(answer.status) ? answer.status : desired;
      entry.lastWritten = desiredJson;
      const version = isRecord(answer.metadata) ? answer.metadata.resourceVersion : undefined;
      if (typeof version === "string") {
        entry.ownVersions = [...entry.ownVersions.slice(1 - ownVersionsKept), version];
        entry.apiVersion = version;
      }
    }
  }

  /** Runs `request` until it succeeds; undefined when the pod is gone or the node stops. */
  private async withRetries(entry: PodEntry, request: () => Promise<Fields>): Promise<Fields | undefined> {
    let delayMs = firstRetryDelayMs;
    while (!entry.isGone && !this.deps.signal.aborted) {
      try {
        return await request();
      } catch (error) {
        if (!(await this.waitToRetry(entry, error, delayMs))) return undefined;
        delayMs = Math.min(delayMs * 2, maxRetryDelayMs);
      }
    }
    return undefined;
  }

  /** After a failed request: false when the pod is gone (404, or 409 on the UID precondition) or the node stops. */
  private async waitToRetry(entry: PodEntry, error: unknown, delayMs: number): Promise<boolean> {
    if (error instanceof KubeApiError && (error.statusCode === 404 || error.statusCode === 409)) {
      // Gone, or a new pod of the same name (the UID precondition failed): nothing to write.
      this.deps.logger.debug(`pod ${entry.namespace}/${entry.name}: ${String(error)}`);
      entry.isGone = true;
      return false;
    }
    this.deps.logger.warn(`pod ${entry.namespace}/${entry.name}: API write failed; retrying`, {
      error: String(error),
      retryInMs: delayMs,
    });
    try {
      await this.deps.clock.sleep(delayMs, this.deps.signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether resourceVersion `version` is older than `than`. The API server's are etcd revisions;
 * anything that is not a decimal integer is never called older.
 */
function isOlderVersion(version: string, than: string): boolean {
  if (!/^\d+$/.test(version) || !/^\d+$/.test(than)) return false;
  return BigInt(version) < BigInt(than);
}

function podPath(entry: { namespace: string; name: string }): string {
  return `/api/v1/namespaces/${encodeURIComponent(entry.namespace)}/pods/${encodeURIComponent(entry.name)}`;
}
