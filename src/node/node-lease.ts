/**
 * The node's Lease in kube-node-lease, renewed as the kubelet's lease controller does
 * (k8s.io/component-helpers apimachinery/lease/controller.go v0.36.3, `sync`): the Lease written
 * last is renewed with up to five immediate tries (a conflict reads it again first); when that
 * fails, the Lease is read (or created) with a back-off from 200 ms doubling to 7 s until the API
 * server answers, and renewed. So after an API server outage the Lease is fresh again within
 * seconds, not one renew interval later — the node lifecycle controller gives a silent node only
 * its grace period (50 s upstream) before it marks it NotReady.
 */
import { isRecord, type Fields } from "../api/index.js";
import type { Clock, Logger } from "../shared/index.js";
import { KubeApiError } from "../kube/index.js";
import type { KubeRequester } from "./pod-status-manager.js";
import { buildLease, formatMicroTime } from "./node-object.js";

export interface NodeLeaseDeps {
  client: KubeRequester;
  clock: Clock;
  logger: Logger;
  nodeName: string;
  /** The Node's UID once registered: the Lease's owner. */
  nodeUid: () => string;
  signal: AbortSignal;
}

/** lease controller `maxUpdateRetries`. */
const maxUpdateRetries = 5;
/** lease controller `maxBackoff` of `backoffEnsureLease`. */
const maxEnsureDelayMs = 7_000;
const leasesPath = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

export class NodeLease {
  /** The Lease as the API last returned it (`latestLease`). */
  private latest: Fields | undefined;

  constructor(private readonly deps: NodeLeaseDeps) {}

  private get path(): string {
    return `${leasesPath}/${encodeURIComponent(this.deps.nodeName)}`;
  }

  /** One renewal (`sync`); resolves once the Lease is renewed, or the signal aborted. */
  async renew(): Promise<void> {
    if (this.latest && (await this.retryUpdate(this.latest))) return;
    const ensured = await this.backoffEnsure();
    if (!ensured) return;
    this.latest = ensured.lease;
    // A Lease just created carries this renewTime already.
    if (!ensured.created && !(await this.retryUpdate(ensured.lease)))
      this.deps.logger.warn("could not renew the node lease; retrying in the next interval");
  }

  /** `retryUpdateLease`: PUT with a fresh renewTime, up to five times; true once it succeeded. */
  private async retryUpdate(base: Fields): Promise<boolean> {
    const { client, clock, logger, signal } = this.deps;
    for (let attempt = 0; attempt < maxUpdateRetries && !signal.aborted; attempt++) {
      const spec = isRecord(base.spec) ? base.spec : {};
      const renewed = {
        ...base,
        spec: { ...spec, holderIdentity: this.deps.nodeName, renewTime: formatMicroTime(clock.now()) },
      };
      try {
        this.latest = await client.requestJson("PUT", this.path, renewed, signal);
        return true;
      } catch (error) {
        logger.debug("failed to update the node lease", { error: String(error) });
        // A newer version exists: renew that one.
        if (error instanceof KubeApiError && error.statusCode === 409) {
          const ensured = await this.backoffEnsure();
          if (!ensured) return false;
          base = ensured.lease;
        }
      }
    }
    return false;
  }

  /** `backoffEnsureLease`: read or create the Lease until the API answers; undefined once aborted. */
  private async backoffEnsure(): Promise<{ lease: Fields; created: boolean } | undefined> {
    let delayMs = 100;
    for (;;) {
      try {
        return await this.ensure();
      } catch (error) {
        delayMs = Math.min(2 * delayMs, maxEnsureDelayMs);
        if (this.deps.signal.aborted) return undefined;
        this.deps.logger.warn("failed to ensure the node lease exists; retrying", {
          error: String(error),
          retryInMs: delayMs,
        });
        try {
          await this.deps.clock.sleep(delayMs, this.deps.signal);
        } catch {
          return undefined;
        }
      }
    }
  }

  private async ensure(): Promise<{ lease: Fields; created: boolean }> {
    const { client, clock, nodeName, signal } = this.deps;
    try {
      return { lease: await client.requestJson("GET", this.path, undefined, signal), created: false };
    } catch (error) {
      if (!(error instanceof KubeApiError && error.statusCode === 404)) throw error;
    }
    const lease = buildLease(nodeName, this.deps.nodeUid(), clock.now());
    return { lease: await client.requestJson("POST", leasesPath, lease, signal), created: true };
  }
}
