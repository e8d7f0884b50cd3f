import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { mountServiceAccountToken } from "./service-account-token-mount.js";

const tokenMount = {
  name: "kube-api-access-x7k2p",
  readOnly: true,
  mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
};

/** A pod as the ServiceAccount plugin left it (app mounted), with a sidecar injected after it. */
function injected(spec: Fields = {}): Fields {
  return {
    metadata: { name: "web" },
    spec: {
      initContainers: [{ name: "proxy", image: "proxy", restartPolicy: "Always" }],
      containers: [
        { name: "log-agent", image: "agent", volumeMounts: [{ name: "logs", mountPath: "/var/log" }] },
        { name: "app", image: "app", volumeMounts: [tokenMount] },
      ],
      volumes: [
        { name: "logs", emptyDir: {} },
        { name: tokenMount.name, projected: { sources: [] } },
      ],
      ...spec,
    },
  };
}

const mountsOf = (pod: Fields) => {
  const spec = pod.spec as { initContainers: Fields[]; containers: Fields[] };
  return [...spec.initContainers, ...spec.containers].map((c) => [c.name, c.volumeMounts]);
};

describe("the ServiceAccount plugin's token mount, added to injected containers (admission.go mountServiceAccountToken)", () => {
  it("every container without a mount at the token path gets the pod's kube-api-access volume, read-only, appended", () => {
    expect(mountsOf(mountServiceAccountToken(injected()))).toEqual([
      ["proxy", [tokenMount]],
      ["log-agent", [{ name: "logs", mountPath: "/var/log" }, tokenMount]],
      ["app", [tokenMount]],
    ]);
  });

  it("a container with its own mount at the token path keeps it (existing mounts there prevent the token's)", () => {
    const own = { name: "logs", mountPath: tokenMount.mountPath };
    const pod = injected({
      initContainers: [{ name: "proxy", image: "proxy", restartPolicy: "Always", volumeMounts: [own] }],
    });
    expect(mountsOf(mountServiceAccountToken(pod))[0]).toEqual(["proxy", [own]]);
  });

  it("without the plugin's volume (no automount, or no container needed it) nothing is added", () => {
    const pod = injected({ volumes: [{ name: "logs", emptyDir: {} }] });
    expect(mountServiceAccountToken(pod)).toBe(pod);
  });

  it("automountServiceAccountToken: false on the pod: nothing is added", () => {
    const pod = injected({ automountServiceAccountToken: false });
    expect(mountServiceAccountToken(pod)).toBe(pod);
  });

  it("the first kube-api-access-* volume is the token's, as the plugin takes it", () => {
    const pod = injected({
      volumes: [
        { name: "kube-api-access-first", projected: { sources: [] } },
        { name: "kube-api-access-second", projected: { sources: [] } },
      ],
    });
    expect(mountsOf(mountServiceAccountToken(pod))[0]).toEqual([
      "proxy",
      [{ ...tokenMount, name: "kube-api-access-first" }],
    ]);
  });
});
