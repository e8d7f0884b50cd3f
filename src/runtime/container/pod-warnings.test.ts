import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { unhonouredFields } from "../capabilities.js";
import { containerRuntimeCapabilities } from "./container-capabilities.js";

const pod = (spec: Partial<Pod["spec"]>): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "app", image: "app:1" }], ...spec },
});
const warnings = (p: Pod) => unhonouredFields(p, containerRuntimeCapabilities);

describe("what the container backend warns about before a run", () => {
  it("a pod with limits, a shared pid namespace, args alone and the security context it applies: nothing", () => {
    const p = pod({
      shareProcessNamespace: true,
      securityContext: { runAsUser: 1000, runAsNonRoot: true, supplementalGroups: [5], sysctls: [] },
      containers: [
        {
          name: "app",
          image: "app:1",
          args: ["-v"],
          resources: { limits: { memory: "64Mi", cpu: "1" }, requests: { cpu: "100m" } },
          securityContext: { capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
          terminationMessagePolicy: "FallbackToLogsOnError",
        },
      ],
    });
    expect(warnings(p)).toEqual([]);
  });

  it("securityContext fields the backend does not apply are named with their path; fsGroup and its change policy are applied", () => {
    const p = pod({
      securityContext: {
        runAsUser: 1000,
        fsGroup: 2000,
        fsGroupChangePolicy: "OnRootMismatch",
        seLinuxOptions: { level: "s0" },
      },
      initContainers: [
        { name: "init", image: "i:1", securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
      ],
    });
    expect(warnings(p)).toEqual([
      "spec.securityContext.seLinuxOptions: not applied by the container backend",
      "spec.initContainers[0].securityContext.seccompProfile: not applied by the container backend",
    ]);
  });

  it("emptyDir medium Memory is a tmpfs: nothing to warn about", () => {
    expect(
      warnings(pod({ volumes: [{ name: "v", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }] })),
    ).toEqual([]);
  });
});
