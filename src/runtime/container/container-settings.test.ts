import { describe, expect, it } from "vitest";
import type { Container } from "../../api/index.js";
import { linuxContainerSettings as settingsOf } from "../../podspec/index.js";
import { engineSettings, runAsNonRootRefusal } from "./container-settings.js";

const container = (more: Partial<Container>): Container => ({ name: "app", image: "app:1", ...more });

describe("resource limits as the kubelet computes them", () => {
  it("memory limit in bytes, no swap beyond it; CPU limit as a CFS quota per 100 ms; CPU request as shares", () => {
    const s = settingsOf(
      {},
      container({ resources: { limits: { memory: "64Mi", cpu: "500m" }, requests: { cpu: "250m" } } }),
    );
    expect(engineSettings(s).hostConfig).toEqual({
      Memory: 67108864,
      MemorySwap: 67108864,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpuShares: 256,
    });
  });

  // kubelet TestMilliCPUToQuota (pkg/kubelet/kuberuntime), restated: milli-CPU → quota at a 100 ms period.
  it.each([
    ["5m: the minimum quota, 1000 µs", "5m", 1000],
    ["9m: the minimum quota, 1000 µs", "9m", 1000],
    ["10m → 1000 µs", "10m", 1000],
    ["200m → 20000 µs", "200m", 20000],
    ["500m → 50000 µs", "500m", 50000],
    ["1 CPU → 100000 µs", "1", 100000],
    ["1500m → 150000 µs", "1500m", 150000],
  ])("%s", (_name, cpu, quota) => {
    expect(
      engineSettings(settingsOf({}, container({ resources: { limits: { cpu } } }))).hostConfig.CpuQuota,
    ).toBe(quota);
  });

  // MilliCPUToShares (pkg/kubelet/cm/helpers_linux.go): milli * 1024 / 1000, at least 2.
  it.each([
    ["a zero request is the minimum 2 shares", "0", 2],
    ["1m → 2 shares", "1m", 2],
    ["1000m → 1024 shares", "1", 1024],
  ])("%s", (_name, cpu, shares) => {
    expect(
      engineSettings(settingsOf({}, container({ resources: { requests: { cpu } } }))).hostConfig.CpuShares,
    ).toBe(shares);
  });

  it("a CPU limit without a request gives shares from the limit (the kubelet defaults the request to it)", () => {
    expect(
      engineSettings(settingsOf({}, container({ resources: { limits: { cpu: "500m" } } }))).hostConfig
        .CpuShares,
    ).toBe(512);
  });

  it("limits the container lacks come from the pod's spec.resources (KEP-2837)", () => {
    const s = settingsOf(
      { resources: { limits: { memory: "64Mi", cpu: "1" } } },
      container({ resources: { limits: { cpu: "250m" } } }),
    );
    expect(s).toMatchObject({ memoryLimitBytes: 67108864, cpuLimitMilli: 250 });
  });

  it("a fractional memory quantity rounds up to whole bytes (Quantity.Value)", () => {
    expect(settingsOf({}, container({ resources: { limits: { memory: "1.5" } } })).memoryLimitBytes).toBe(2);
  });
});

describe("the effective security context: the container's fields over the pod's", () => {
  it("runAsUser/runAsGroup from the container win over the pod's; the rest map to engine fields", () => {
    const s = settingsOf(
      { securityContext: { runAsUser: 1000, runAsGroup: 1000 } },
      container({
        securityContext: {
          runAsUser: 2000,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] },
        },
      }),
    );
    expect(engineSettings(s)).toEqual({
      user: "2000:1000",
      hostConfig: {
        ReadonlyRootfs: true,
        SecurityOpt: ["no-new-privileges"],
        CapAdd: ["NET_ADMIN"],
        CapDrop: ["ALL"],
      },
    });
  });

  it("nothing set: no user, no fields", () => {
    expect(engineSettings(settingsOf({}, container({})))).toEqual({ hostConfig: {} });
  });
});

describe("the user when only runAsGroup is set: the image's user in that group (kubelet fills RunAsUser from the image)", () => {
  it.each([
    ["an image without USER runs as root in the group", "", "0:3000"],
    ["an image's numeric USER keeps its uid", "1000:1000", "1000:3000"],
    ["an image's user name is kept", "nobody", "nobody:3000"],
  ])("%s", (_name, imageUser, user) => {
    expect(engineSettings({ runAsGroup: 3000 }, imageUser).user).toBe(user);
  });
});

describe("the pod's fsGroup and supplementalGroups are every container's extra groups, fsGroup first", () => {
  it("GroupAdd lists them in the kubelet's order", () => {
    const s = settingsOf({ securityContext: { supplementalGroups: [5, 6], fsGroup: 2000 } }, container({}));
    expect(engineSettings(s).hostConfig).toEqual({ GroupAdd: ["2000", "5", "6"] });
  });
});

// kuberuntime TestVerifyRunAsNonRoot, restated for the image users containerd reports.
describe("runAsNonRoot (kubelet verifyRunAsNonRoot)", () => {
  const who = { pod: "web_default(uid-1)", container: "app" };
  const suffix = '(pod: "web_default(uid-1)", container: app)';
  it.each([
    [
      "an image without USER runs as root: refused",
      {},
      "",
      `container has runAsNonRoot and image will run as root ${suffix}`,
    ],
    [
      "an image with USER 0: refused",
      {},
      "0:0",
      `container has runAsNonRoot and image will run as root ${suffix}`,
    ],
    [
      "an image with a user name cannot be checked: refused",
      {},
      "nginx",
      `container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user is non-root ${suffix}`,
    ],
    [
      "USER root is a name too, as containerd reports it",
      {},
      "root",
      `container has runAsNonRoot and image has non-numeric user (root), cannot verify user is non-root ${suffix}`,
    ],
    ["an image with a numeric non-root user: allowed", {}, "1000", undefined],
    [
      "runAsUser 0: refused",
      { runAsUser: 0 },
      "1000",
      `container's runAsUser breaks non-root policy ${suffix}`,
    ],
    ["runAsUser 1000 over a root image: allowed", { runAsUser: 1000 }, "", undefined],
  ])("%s", (_name, more, imageUser, refusal) => {
    expect(runAsNonRootRefusal({ runAsNonRoot: true, ...more }, imageUser, who)).toBe(refusal);
  });
});
