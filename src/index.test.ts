/**
 * The public library API, used as a consumer would: everything from the package root.
 */
import { describe, expect, it } from "vitest";
import { getPodPhase, humanDuration, podLimits, podRequests, printPodRow, type Pod } from "./index.js";

const t0 = Date.UTC(2026, 0, 1);

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    restartPolicy: "Never",
    initContainers: [
      { name: "proxy", restartPolicy: "Always", resources: { requests: { cpu: "100m", memory: "32Mi" } } },
      { name: "migrate", resources: { requests: { cpu: "1" }, limits: { cpu: "2" } } },
    ],
    containers: [
      { name: "app", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m" } } },
    ],
  },
  status: {
    phase: "Pending",
    initContainerStatuses: [
      {
        name: "proxy",
        image: "",
        imageID: "",
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: {} },
      },
      { name: "migrate", image: "", imageID: "", ready: false, restartCount: 0, state: { running: {} } },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "PodInitializing" } },
      },
    ],
  },
};

describe("podvisor's package root", () => {
  it("printPodRow(pod, { now, wide }) gives kubectl's row as strings", () => {
    expect(printPodRow(pod, { now: t0 + 42_000 })).toEqual({
      NAME: "web",
      READY: "1/2",
      STATUS: "Init:1/2",
      RESTARTS: "0",
      AGE: "42s",
    });
    expect(printPodRow(pod, { now: t0, wide: true })).toMatchObject({ IP: "<none>", NODE: "<none>" });
  });

  it("getPodPhase(pod) computes the phase from spec and container statuses", () => {
    expect(getPodPhase(pod)).toBe("Pending");
  });

  it("podRequests / podLimits: KEP-753 effective resources as quantity strings", () => {
    // requests: max(init walk: 100m + 1 = 1100m, long-running: 100m + 250m = 350m)
    expect(podRequests(pod)).toEqual({ cpu: "1100m", memory: "96Mi" });
    expect(podLimits(pod)).toEqual({ cpu: "2" });
  });

  it("humanDuration(ms) is Kubernetes' human duration", () => {
    expect(humanDuration(90_000)).toBe("90s");
    expect(humanDuration(3 * 3600_000 + 5 * 60_000)).toBe("3h5m");
  });
});
