import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { unhonouredFields } from "./capabilities.js";
import { processRuntimeCapabilities } from "./process/index.js";

const pod = (spec: Partial<Pod["spec"]>): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "app", command: ["true"] }], ...spec },
});

describe("fields the process backend runs without honouring are named, never silently dropped", () => {
  it("a plain pod has nothing to warn about", () => {
    expect(unhonouredFields(pod({}), processRuntimeCapabilities)).toEqual([]);
  });

  it("names resource limits and security contexts with their field paths", () => {
    const warnings = unhonouredFields(
      pod({
        securityContext: { runAsNonRoot: true },
        initContainers: [{ name: "proxy", restartPolicy: "Always", securityContext: { runAsUser: 1337 } }],
        containers: [{ name: "app", resources: { limits: { memory: "64Mi" } } }],
      }),
      processRuntimeCapabilities,
    );
    expect(warnings.map((w) => w.split(":")[0])).toEqual([
      "spec.securityContext",
      "spec.initContainers[0].securityContext",
      "spec.containers[0].resources.limits",
    ]);
  });

  it("says that shareProcessNamespace does not share", () => {
    expect(unhonouredFields(pod({ shareProcessNamespace: true }), processRuntimeCapabilities)).toEqual([
      "spec.shareProcessNamespace: ignored by the process backend: each container keeps its own pid namespace",
    ]);
  });

  it("requests alone are fine: they are only reported", () => {
    expect(
      unhonouredFields(
        pod({ containers: [{ name: "app", resources: { requests: { cpu: "1" } } }] }),
        processRuntimeCapabilities,
      ),
    ).toEqual([]);
  });
});
