import { describe, expect, it } from "vitest";
import { decideLease, formatMicroTime, observeLease, type LeaseSpec } from "./lease-record.js";

const t0 = Date.UTC(2026, 11, 7, 8, 0, 0);
const leaseMs = 15_000;

describe("decideLease (client-go tryAcquireOrRenew)", () => {
  const held: LeaseSpec = {
    holderIdentity: "a",
    leaseDurationSeconds: 15,
    acquireTime: formatMicroTime(t0 - 60_000),
    renewTime: formatMicroTime(t0 - 60_000),
    leaseTransitions: 3,
  };

  it("a lease held by another candidate is valid until the observer's own observation time plus its duration", () => {
    const observed = observeLease(held, undefined, t0);
    // The holder's renewTime is a minute old, but this candidate only just saw the record: no clock skew trusted.
    expect(decideLease(held, observed, "b", leaseMs, t0 + 14_999)).toEqual({
      kind: "held-by-other",
      holder: "a",
      validForMs: 1,
    });
  });

  it("once the lease expired unrenewed, another candidate takes it and counts a transition", () => {
    const observed = observeLease(held, undefined, t0);
    const decision = decideLease(held, observed, "b", leaseMs, t0 + 15_000);
    expect(decision).toEqual({
      kind: "write",
      spec: {
        holderIdentity: "b",
        leaseDurationSeconds: 15,
        acquireTime: formatMicroTime(t0 + 15_000),
        renewTime: formatMicroTime(t0 + 15_000),
        leaseTransitions: 4,
      },
    });
  });

  it("a renewal by the holder keeps the acquire time and the transition count", () => {
    const decision = decideLease(held, observeLease(held, undefined, t0), "a", leaseMs, t0 + 2000);
    expect(decision).toMatchObject({
      kind: "write",
      spec: { holderIdentity: "a", acquireTime: held.acquireTime, leaseTransitions: 3 },
    });
  });

  it("a released lease (empty holder) is taken at once", () => {
    const released = { ...held, holderIdentity: "", leaseDurationSeconds: 1 };
    const decision = decideLease(released, observeLease(released, undefined, t0), "b", leaseMs, t0);
    expect(decision).toMatchObject({ kind: "write", spec: { holderIdentity: "b", leaseTransitions: 4 } });
  });

  it("the observation time moves only when the record changes (a renewing holder keeps its lease alive)", () => {
    const first = observeLease(held, undefined, t0);
    expect(observeLease(held, first, t0 + 10_000)).toBe(first);
    const renewed = { ...held, renewTime: formatMicroTime(t0 + 9_000) };
    expect(observeLease(renewed, first, t0 + 10_000).observedAtMs).toBe(t0 + 10_000);
  });

  it("MicroTime has microseconds, as metav1.MicroTime marshals", () => {
    expect(formatMicroTime(t0 + 123)).toBe("2026-12-07T08:00:00.123000Z");
  });
});
