/**
 * One status for a pod costs time linear in its containers (issue 10, fault 12). Each container's
 * status used to be found by scanning all of them, so one status of a 20 000-container pod was
 * 4·10^8 comparisons and these 11 statuses took far beyond the test timeout; no wall clock is
 * measured, the default timeout is the bound.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { createPodRuntimeState } from "../lifecycle/index.js";
import { generatePodStatus } from "./generate-pod-status.js";

const containers = 20_000;
const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "huge", uid: "u1" },
  spec: {
    restartPolicy: "Never",
    containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image: "x" })),
  },
};

describe("generatePodStatus for a very large pod", () => {
  it("reports every container, repeatedly, with each status linear in the containers", () => {
    const nowMs = Date.UTC(2026, 0, 1);
    const state = createPodRuntimeState(pod, nowMs);
    let status = generatePodStatus(pod, state, nowMs);
    for (let i = 0; i < 10; i++) status = generatePodStatus({ ...pod, status }, state, nowMs + i, status);
    expect(status.containerStatuses).toHaveLength(containers);
    expect(status.phase).toBe("Pending");
  });
});
