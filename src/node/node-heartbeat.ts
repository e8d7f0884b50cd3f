/**
 * Registration and heartbeat of podvisor's Node, as the kubelet does them (v1.36.3):
 * - `register`: create the Node; if it exists, adopt it and update its labels and status
 *   (kubelet_node_status.go `registerWithAPIServer`, retried with back-off up to 7 s);
 * - the Lease in kube-node-lease renewed every 10 s (nodelease: leaseDuration 40 s, renew
 *   interval a quarter of it) by node-lease.ts;
 * - the node status computed every `nodeStatusUpdateFrequency` (10 s) from the Node as the API
 *   holds it, and posted when it changed or when `nodeStatusReportFrequency` (5 min) passed since
 *   the last post (`tryUpdateNodeStatus`; the kubelet reads its node informer's cache where
 *   podvisor sends one GET);
 * - `markNotReady` on shutdown: Ready=False with the reason KubeletNotReady.
 */
import { isRecord, type Fields } from "../api/index.js";
import type { Clock, Logger } from "../shared/index.js";
import { KubeApiError } from "../kube/index.js";
import type { KubeRequester } from "./pod-status-manager.js";
import { NodeLease } from "./node-lease.js";
import {
  buildNode,
  buildNodeStatus,
  leaseRenewIntervalMs,
  nodeLabels,
  nodeStatusReportFrequencyMs,
  nodeStatusUpdateFrequencyMs,
  nodeConditionsHaveChanged,
  withoutHeartbeats,
  type MachineFacts,
  type NodeIdentity,
  type ReadyState,
} from "./node-object.js";

export interface NodeHeartbeatDeps {
  client: KubeRequester;
  clock: Clock;
  logger: Logger;
  identity: NodeIdentity;
  machine: MachineFacts;
  signal: AbortSignal;
}

/** kubelet `registerWithAPIServer`: back-off from 100 ms doubling up to 7 s. */
const maxRegistrationDelayMs = 7_000;

export class NodeHeartbeat {
  private nodeUid = "";
  private lastStatus: Fields | undefined;
  private lastReportMs = 0;
  private readiness: ReadyState = { ready: true };
  private readonly lease: NodeLease;

  constructor(private readonly deps: NodeHeartbeatDeps) {
    this.lease = new NodeLease({
      ...deps,
      nodeName: deps.identity.nodeName,
      nodeUid: () => this.nodeUid,
    });
  }

  private get nodePath(): string {
    return `/api/v1/nodes/${encodeURIComponent(this.deps.identity.nodeName)}`;
  }

  /** Creates or adopts the Node; retries until the API answers or the signal aborts. */
  async register(): Promise<void> {
    let delayMs = 100;
    for (;;) {
      try {
        await this.tryRegister();
        return;
      } catch (error) {
        if (this.deps.signal.aborted) throw error;
        this.deps.logger.warn("unable to register the node with the API server; retrying", {
          error: String(error),
        });
        await this.deps.clock.sleep(delayMs, this.deps.signal);
        delayMs = Math.min(delayMs * 2, maxRegistrationDelayMs);
      }
    }
  }

  private async tryRegister(): Promise<void> {
    const { client, identity, machine, clock, signal } = this.deps;
    const node = buildNode(identity, machine, clock.now());
    let stored: Fields;
    try {
      stored = await client.requestJson("POST", "/api/v1/nodes", node, signal);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.statusCode === 409)) throw error;
      // The node exists (a restart of podvisor node): take it over, as the kubelet does.
      stored = await client.requestJson(
        "PATCH",
        this.nodePath,
        { metadata: { labels: nodeLabels(identity, machine) } },
        signal,
        "application/merge-patch+json",
      );
    }
    const meta = isRecord(stored.metadata) ? stored.metadata : {};
    this.nodeUid = typeof meta.uid === "string" ? meta.uid : "";
    await this.postStatus();
  }

  /** Renews the Lease and updates the status on their periods until the signal aborts. */
  async run(): Promise<void> {
    await Promise.all([
      this.every(leaseRenewIntervalMs, () => this.lease.renew()),
      this.every(nodeStatusUpdateFrequencyMs, () => this.updateStatus()),
    ]);
  }

  /** Ready=False on shutdown (`KubeletNotReady`), posted at once; failures are logged. */
  async markNotReady(message: string, signal: AbortSignal): Promise<void> {
    this.readiness = { ready: false, message };
    await this.postStatus(signal).catch((error: unknown) =>
      this.deps.logger.warn("could not mark the node NotReady", { error: String(error) }),
    );
  }

  private async updateStatus(): Promise<void> {
    const { client, clock, signal } = this.deps;
    // Compared with the API's copy, not only with the last post: a condition someone else changed
    // (Ready=Unknown from the node lifecycle controller after the node or the API server was
    // silent) is set right on this update, with a new lastTransitionTime, not 5 minutes later.
    const stored = await client.requestJson("GET", this.nodePath, undefined, signal);
    const apiStatus = isRecord(stored.status) ? stored.status : {};
    const now = clock.now();
    const status = this.currentStatus(now, apiStatus);
    const isChanged =
      !this.lastStatus ||
      withoutHeartbeats(status) !== withoutHeartbeats(this.lastStatus) ||
      nodeConditionsHaveChanged(apiStatus, status);
    if (isChanged || now - this.lastReportMs >= nodeStatusReportFrequencyMs)
      await this.postStatus(signal, now, status);
  }

  /** `previous` keeps each condition's lastTransitionTime while its status holds. */
  private currentStatus(nowMs: number, previous = this.lastStatus): Fields {
    const { identity, machine } = this.deps;
    return buildNodeStatus(identity, machine, this.readiness, nowMs, previous);
  }

  private async postStatus(
    signal = this.deps.signal,
    now = this.deps.clock.now(),
    status = this.currentStatus(now),
  ): Promise<void> {
    await this.deps.client.requestJson(
      "PATCH",
      `${this.nodePath}/status`,
      { status },
      signal,
      "application/merge-patch+json",
    );
    this.lastStatus = status;
    this.lastReportMs = now;
  }

  private async every(periodMs: number, tick: () => Promise<void>): Promise<void> {
    while (!this.deps.signal.aborted) {
      await tick().catch((error: unknown) => {
        if (!this.deps.signal.aborted)
          this.deps.logger.warn("node heartbeat failed", { error: String(error) });
      });
      try {
        await this.deps.clock.sleep(periodMs, this.deps.signal);
      } catch {
        return;
      }
    }
  }
}
