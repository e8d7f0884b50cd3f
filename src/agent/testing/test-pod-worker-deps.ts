import { lookupInLists } from "../../podspec/index.js";
import type { ContainerRuntime } from "../../runtime/index.js";
import type { Clock } from "../../shared/index.js";
import type { PodWorkerDeps } from "../pod-worker.js";

/**
 * A pod worker's dependencies for a unit test: no ConfigMaps or Secrets, a loopback node, events
 * and output dropped; `overrides` replace any of them (a sink the test reads, the objects it needs).
 */
export function testPodWorkerDeps(
  runtime: ContainerRuntime,
  clock: Clock,
  overrides: Partial<PodWorkerDeps> = {},
): PodWorkerDeps {
  return {
    runtime,
    clock,
    objects: lookupInLists({ configMaps: [], secrets: [] }),
    nodeName: "node",
    hostIP: "127.0.0.1",
    onEvent: () => undefined,
    onLog: () => undefined,
    ...overrides,
  };
}
