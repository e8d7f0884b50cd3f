import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import type { PodvisorEvent } from "../../shared/index.js";
import { createRunHints } from "./run-hints.js";

const T0 = Date.parse("2026-12-07T12:00:00Z");

const killing: PodvisorEvent = {
  type: "Normal",
  reason: "Killing",
  message: "Stopping container app",
  source: "kubelet",
  timeMs: T0 + 10_000,
  involvedObject: { kind: "Pod", namespace: "default", name: "stubborn", fieldPath: "spec.containers{app}" },
};

const killedPod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "stubborn", namespace: "default" },
  spec: { terminationGracePeriodSeconds: 2, containers: [{ name: "app", image: "busybox" }] },
  status: {
    containerStatuses: [
      {
        name: "app",
        ready: false,
        restartCount: 0,
        image: "busybox",
        imageID: "",
        state: {
          terminated: {
            exitCode: 137,
            signal: 9,
            reason: "Error",
            startedAt: "2026-12-07T12:00:00Z",
            finishedAt: "2026-12-07T12:00:12Z",
          },
        },
      },
    ],
  },
};

describe("run's pitfall hints", () => {
  it("prints a hint once, when the status shows it, however often the pod is published again", () => {
    const lines: string[] = [];
    const hints = createRunHints(
      (line) => lines.push(line),
      () => T0 + 13_000,
    );
    hints.onEvent(killing);
    expect(lines).toEqual([]);
    hints.onPodStatus(killedPod);
    hints.onPodStatus(killedPod);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Hint: pod\/stubborn: container "app" ignored SIGTERM: /);
  });
});
