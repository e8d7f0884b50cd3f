/**
 * Kubernetes' ActivePods order (pkg/controller/controller_utils.go `ActivePods.Less`), rule by
 * rule: each decides only when the ones before it tie.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { compareActivePods } from "./active-pods-order.js";

interface Shape {
  node?: string;
  phase?: "Pending" | "Unknown" | "Running";
  isReady?: boolean;
  readySince?: string;
  restarts?: number;
  created?: string;
}

function pod(shape: Shape): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", ...(shape.created ? { creationTimestamp: shape.created } : {}) },
    spec: { containers: [{ name: "c" }], ...(shape.node !== undefined ? { nodeName: shape.node } : {}) },
    status: {
      phase: shape.phase ?? "Running",
      conditions: [
        {
          type: "Ready",
          status: shape.isReady === false ? "False" : "True",
          ...(shape.readySince ? { lastTransitionTime: shape.readySince } : {}),
        },
      ],
      containerStatuses: [
        { name: "c", ready: true, restartCount: shape.restarts ?? 0, image: "", imageID: "" },
      ],
    },
  };
}

const base: Shape = { node: "n", readySince: "2026-01-01T00:00:00Z", created: "2026-01-01T00:00:00Z" };

describe("compareActivePods: the first pod of each pair goes first", () => {
  it.each<[string, Shape, Shape]>([
    ["unscheduled before scheduled", { ...base, node: "" }, base],
    ["Pending before Unknown", { ...base, phase: "Pending" }, { ...base, phase: "Unknown" }],
    ["Unknown before Running", { ...base, phase: "Unknown" }, base],
    ["not ready before ready", { ...base, isReady: false }, base],
    ["ready more recently before ready longer", { ...base, readySince: "2026-01-02T00:00:00Z" }, base],
    ["ready at an unknown time before ready at a known one", { ...base, readySince: "" }, base],
    ["more restarts before fewer", { ...base, restarts: 3 }, base],
    ["newer before older", { ...base, created: "2026-01-02T00:00:00Z" }, base],
    ["unknown creation before known", { ...base, created: "" }, base],
    [
      "an earlier rule wins over a later one: unscheduled and old before scheduled and new",
      { ...base, node: "" },
      { ...base, created: "2027-01-01T00:00:00Z" },
    ],
  ])("%s", (_name, first, second) => {
    expect(compareActivePods(pod(first), pod(second))).toBeLessThan(0);
    expect(compareActivePods(pod(second), pod(first))).toBeGreaterThan(0);
  });

  it("a full tie is 0, so a stable sort keeps list order", () => {
    expect(compareActivePods(pod(base), pod(base))).toBe(0);
  });
});
