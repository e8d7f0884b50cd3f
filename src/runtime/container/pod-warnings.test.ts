import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { containerBackendWarnings } from "./container-capabilities.js";
import { portGapWarnings } from "./port-gaps.js";

const pod = (spec: Partial<Pod["spec"]>): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "app", image: "app:1" }], ...spec },
});

describe("what the container backend warns about before a run", () => {
  it("a plain pod: nothing", () => {
    expect([...containerBackendWarnings(pod({})), ...portGapWarnings(pod({}))]).toEqual([]);
  });

  it("securityContext fields the backend does not apply are named with their path", () => {
    const p = pod({
      securityContext: { runAsUser: 1000, fsGroup: 2000 },
      initContainers: [
        { name: "init", image: "i:1", securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
      ],
    });
    expect(containerBackendWarnings(p)).toEqual([
      "spec.securityContext.fsGroup: not applied by the container backend",
      "spec.initContainers[0].securityContext.seccompProfile: not applied by the container backend",
    ]);
  });

  it("emptyDir medium Memory is a directory on disk", () => {
    expect(
      containerBackendWarnings(pod({ volumes: [{ name: "v", emptyDir: { medium: "Memory" } }] })),
    ).toEqual(["spec.volumes[0].emptyDir.medium: Memory is a directory on disk with the container backend"]);
  });

  it("fields today's runtime port does not carry are named, args alone included", () => {
    const p = pod({
      shareProcessNamespace: true,
      containers: [
        { name: "app", image: "app:1", args: ["-v"], resources: { limits: { memory: "64Mi" } } },
        { name: "cmd", image: "app:1", command: ["run"], args: ["-v"] },
      ],
    });
    expect(portGapWarnings(p)).toEqual([
      "spec.shareProcessNamespace: not passed through the runtime port yet (issue 9); not applied",
      "spec.containers[0].args: the runtime port joins command and args, so args alone replace the image's ENTRYPOINT as well as its CMD; set command too",
      "spec.containers[0].resources.limits: not passed through the runtime port yet (issue 9); not applied",
    ]);
  });
});
