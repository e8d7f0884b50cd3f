import { describe, expect, it } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { podMemoryLimitBytes } from "./pod-memory-limit.js";

const withMemory = (name: string, memory?: string, restartPolicy?: "Always"): Container => ({
  name,
  image: "i",
  ...(memory ? { resources: { limits: { memory } } } : {}),
  ...(restartPolicy ? { restartPolicy } : {}),
});
const pod = (containers: Container[], init: Container[] = [], podLimit?: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: {
    containers,
    initContainers: init,
    ...(podLimit ? { resources: { limits: { memory: podLimit } } } : {}),
  },
});

describe("the pod cgroup's memory limit (cm ResourceConfigForPod)", () => {
  it.each([
    [
      "every container declares one: their PodLimits sum",
      pod([withMemory("a", "64Mi"), withMemory("b", "32Mi")]),
      96 * 2 ** 20,
    ],
    [
      "one container without a limit: the pod cgroup has none",
      pod([withMemory("a", "64Mi"), withMemory("b")]),
      undefined,
    ],
    [
      "an init container without a limit counts too",
      pod([withMemory("a", "64Mi")], [withMemory("init")]),
      undefined,
    ],
    [
      "a regular init container bigger than the rest: the init walk's maximum",
      pod([withMemory("a", "64Mi")], [withMemory("init", "128Mi")]),
      128 * 2 ** 20,
    ],
    [
      "a sidecar adds to the long-running sum (KEP-753)",
      pod([withMemory("a", "64Mi")], [withMemory("log", "16Mi", "Always")]),
      80 * 2 ** 20,
    ],
    [
      "a pod-level limit stands even where containers declare none",
      pod([withMemory("a")], [], "1Gi"),
      2 ** 30,
    ],
  ])("%s", (_rule, p, expected) => {
    expect(podMemoryLimitBytes(p)).toBe(expected);
  });
});
