import { describe, expect, it } from "vitest";
import type { PodSandboxSpec } from "../port.js";
import { memoryVolumeProblems, memoryVolumeSizeBytes } from "./tmpfs-volume.js";

const GI = 2 ** 30;

describe("a memory emptyDir's tmpfs size (emptydir empty_dir_test.go TestCalculateEmptyDirMemorySize)", () => {
  it.each([
    ["EmptyDirLocalLimit: the volume's sizeLimit below the pod's limit", 1 * GI, 10 * GI, 1 * GI],
    ["PodLocalLimit: no sizeLimit, the pod's memory limit", undefined, 10 * GI, 10 * GI],
    ["NodeAllocatableLimit: neither, the node's memory", undefined, undefined, 16 * GI],
    ["a sizeLimit above the pod's limit does not raise it", 12 * GI, 10 * GI, 10 * GI],
    ["a sizeLimit above the node's memory is the node's", 32 * GI, undefined, 16 * GI],
  ])("%s", (_case, sizeLimitBytes, podMemoryLimitBytes, expected) => {
    expect(memoryVolumeSizeBytes(sizeLimitBytes, podMemoryLimitBytes, 16 * GI)).toBe(expected);
  });
});

describe("who may have a memory emptyDir", () => {
  const spec: PodSandboxSpec = {
    uid: "u",
    name: "p",
    namespace: "default",
    volumes: [
      { name: "scratch", kind: "emptyDir", medium: "Memory" },
      { name: "disk", kind: "emptyDir" },
    ],
  };
  it("root mounts the tmpfs: no problem", () => {
    expect(memoryVolumeProblems(spec, true)).toEqual([]);
  });
  it("anyone else is refused before the pod starts, the volume named with the fix", () => {
    expect(memoryVolumeProblems(spec, false)).toEqual([
      'volume "scratch": emptyDir medium Memory needs podvisor to run as root: the container backend mounts its tmpfs on the host, as the kubelet does (run as root, or drop medium: Memory)',
    ]);
  });
});
