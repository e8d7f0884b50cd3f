import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { withoutServiceAccountVolume } from "./service-account-volume.js";

const mount = {
  name: "kube-api-access-x7k2p",
  mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
  readOnly: true,
};

function pod(volumes: NonNullable<Pod["spec"]["volumes"]>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: {
      volumes,
      initContainers: [{ name: "proxy", image: "i", volumeMounts: [mount] }],
      containers: [{ name: "app", image: "i", volumeMounts: [mount, { name: "data", mountPath: "/data" }] }],
    },
  };
}

describe("withoutServiceAccountVolume", () => {
  it("drops the ServiceAccount admission's kube-api-access volume and every mount of it", () => {
    const { pod: result, dropped } = withoutServiceAccountVolume(
      pod([
        { name: "kube-api-access-x7k2p", projected: { sources: [] } } as never,
        { name: "data", emptyDir: {} },
      ]),
    );
    expect(dropped).toEqual(["kube-api-access-x7k2p"]);
    expect(result.spec.volumes).toEqual([{ name: "data", emptyDir: {} }]);
    expect(result.spec.initContainers?.[0]?.volumeMounts).toEqual([]);
    expect(result.spec.containers[0]?.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
  });

  it("keeps a projected volume of the user's own", () => {
    const own = pod([{ name: "bundle", projected: { sources: [] } } as never]);
    expect(withoutServiceAccountVolume(own)).toEqual({ pod: own, dropped: [] });
  });
});
