/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's semantics and defaults
 * (tools/leaderelection/leaderelection.go; kube-controller-manager's flags): the lease lasts 15 s,
 * the leader renews every 2 s and gives up leadership when it could not renew for 10 s; a
 * candidate retries every 2 s stretched by up to 120 % jitter. Writes carry the resourceVersion
 * read, so of two candidates racing for an expired lease only one update succeeds (409 Conflict
 * for the other). With `releaseOnCancel`, a leader that stops clears the holder so a successor
 * need not wait out the lease.
 */
import { isRecord, type Fields } from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import type { Logger } from "../../shared/index.js";
import { KubeApiError, type KubeClient } from "../../kube/index.js";
import {
  decideLease,
  formatMicroTime,
  observeLease,
  type LeaseSpec,
  type ObservedLease,
} from "./lease-record.js";

export interface LeaderElectionOptions {
  client: Pick<KubeClient, "requestJson">;
  clock: Clock;
  random: () => number;
  logger: Logger;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** kube-controller-manager's defaults (component-base LeaderElectionConfiguration). */
export const defaultLeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

const jitterFactor = 1.2;

export class LeaderElector {
  private observed: ObservedLease | undefined;
  private leader = false;

  constructor(private readonly options: LeaderElectionOptions) {}

  isLeader(): boolean {
    return this.leader;
  }

  /**
   * Acquires the lease (waiting as long as it takes), calls `lead` with a signal that aborts when
   * leadership is lost or `signal` aborts, and keeps renewing meanwhile. Resolves "lost" when a
   * renewal failed for `renewDeadlineMs`, "stopped" when `signal` aborted.
   */
  async run(signal: AbortSignal, lead: (leading: AbortSignal) => void): Promise<"lost" | "stopped"> {
    const { clock, retryPeriodMs } = this.options;
    while (!signal.aborted && !(await this.tryAcquireOrRenew(signal))) {
      const delayMs = retryPeriodMs * (1 + this.options.random() * jitterFactor);
      if (!(await sleep(clock, delayMs, signal))) return "stopped";
    }
    if (signal.aborted) return "stopped";
    this.leader = true;
    this.options.logger.warn(`became leader: lease ${this.options.namespace}/${this.options.name}`);
    const leading = new AbortController();
    const stop = () => leading.abort();
    signal.addEventListener("abort", stop, { once: true });
    lead(leading.signal);
    let lastRenewMs = clock.now();
    try {
      while (!signal.aborted) {
        if (!(await sleep(clock, retryPeriodMs, signal))) break;
        if (await this.tryAcquireOrRenew(signal)) {
          lastRenewMs = clock.now();
          continue;
        }
        if (clock.now() - lastRenewMs >= this.options.renewDeadlineMs) {
          this.leader = false;
          leading.abort();
          this.options.logger.warn("leader election lost: could not renew the lease in time");
          return "lost";
        }
      }
    } finally {
      signal.removeEventListener("abort", stop);
      leading.abort();
    }
    await this.release();
    this.leader = false;
    return "stopped";
  }

  private leasePath(withName: boolean): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.options.namespace)}/leases`;
    return withName ? `${base}/${encodeURIComponent(this.options.name)}` : base;
  }

  /** One attempt; true when this candidate holds the lease afterwards. Errors count as false. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { client, clock, identity } = this.options;
    try {
      let lease: Fields;
      try {
        lease = await client.requestJson("GET", this.leasePath(true), undefined, signal);
      } catch (error) {
        if (!(error instanceof KubeApiError) || error.statusCode !== 404) throw error;
        const decision = decideLease({}, undefined, identity, this.options.leaseDurationMs, clock.now());
        if (decision.kind !== "write") return false;
        const spec = { ...decision.spec, leaseTransitions: 0 };
        await client.requestJson("POST", this.leasePath(false), this.leaseObject(spec), signal);
        this.observed = observeLease(spec, undefined, clock.now());
        return true;
      }
      const spec = (isRecord(lease.spec) ? lease.spec : {}) as LeaseSpec;
      this.observed = observeLease(spec, this.observed, clock.now());
      const decision = decideLease(spec, this.observed, identity, this.options.leaseDurationMs, clock.now());
      if (decision.kind === "held-by-other") return false;
      const metadata = isRecord(lease.metadata) ? lease.metadata : {};
      await client.requestJson(
        "PUT",
        this.leasePath(true),
        { ...this.leaseObject(decision.spec), metadata: { ...metadata, name: this.options.name } },
        signal,
      );
      this.observed = observeLease(decision.spec, this.observed, clock.now());
      return true;
    } catch (error) {
      if (!signal.aborted)
        this.options.logger.debug("leader election attempt failed", { error: String(error) });
      return false;
    }
  }

  /** client-go `release`: an empty holder with a 1 s lease, so the next candidate takes over. */
  private async release(): Promise<void> {
    const { client, clock, identity } = this.options;
    try {
      const lease = await client.requestJson("GET", this.leasePath(true));
      const spec = (isRecord(lease.spec) ? lease.spec : {}) as LeaseSpec;
      if (spec.holderIdentity !== identity) return;
      const now = formatMicroTime(clock.now());
      await client.requestJson("PUT", this.leasePath(true), {
        ...this.leaseObject({
          ...spec,
          holderIdentity: "",
          leaseDurationSeconds: 1,
          renewTime: now,
          acquireTime: now,
        }),
        metadata: lease.metadata,
      });
    } catch (error) {
      this.options.logger.warn("cannot release the lease", { error: String(error) });
    }
  }

  private leaseObject(spec: LeaseSpec): Fields {
    return {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.options.name, namespace: this.options.namespace },
      spec: { ...spec },
    };
  }
}

/** False when `signal` aborted during the sleep. */
async function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}
