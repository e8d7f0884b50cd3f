/**
 * The decision of one leader-election attempt, kept pure: client-go's `tryAcquireOrRenew`
 * (staging/src/k8s.io/client-go/tools/leaderelection/leaderelection.go). A lease held by someone
 * else is valid while the time this candidate *observed* its record change plus
 * `leaseDurationSeconds` lies ahead (the observer's own clock, so clock skew between replicas
 * does not matter); then it may be taken. Taking it from another holder counts a transition;
 * renewing keeps the acquire time and the count.
 */

/** `coordination.k8s.io/v1` LeaseSpec, as the API carries it. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** What the candidate last saw of the lease, and when (its own clock). */
export interface ObservedLease {
  /** JSON of the spec, to notice a change as client-go compares the raw record. */
  specText: string;
  observedAtMs: number;
}

export type LeaseDecision =
  { kind: "write"; spec: LeaseSpec } | { kind: "held-by-other"; holder: string; validForMs: number };

/** metav1.MicroTime: RFC 3339 with microseconds, UTC. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function decideLease(
  current: LeaseSpec,
  observed: ObservedLease | undefined,
  identity: string,
  leaseDurationMs: number,
  nowMs: number,
): LeaseDecision {
  const holder = current.holderIdentity ?? "";
  const observedAtMs = observed?.observedAtMs ?? nowMs;
  const validUntilMs = observedAtMs + (current.leaseDurationSeconds ?? 0) * 1000;
  if (holder !== "" && holder !== identity && validUntilMs > nowMs)
    return { kind: "held-by-other", holder, validForMs: validUntilMs - nowMs };
  const isHolder = holder === identity;
  const nowText = formatMicroTime(nowMs);
  return {
    kind: "write",
    spec: {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(leaseDurationMs / 1000),
      acquireTime: isHolder && current.acquireTime ? current.acquireTime : nowText,
      renewTime: nowText,
      leaseTransitions: (current.leaseTransitions ?? 0) + (isHolder ? 0 : 1),
    },
  };
}

/** The record after noticing `current` at `nowMs`: the observation time moves only on a change. */
export function observeLease(
  current: LeaseSpec,
  previous: ObservedLease | undefined,
  nowMs: number,
): ObservedLease {
  const specText = JSON.stringify(current);
  return previous?.specText === specText ? previous : { specText, observedAtMs: nowMs };
}
