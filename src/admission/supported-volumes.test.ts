import { describe, expect, it } from "vitest";
import { checkSupportedVolumes, nodeProjectionSources } from "./supported-volumes.js";

const volumeTypes = ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected"];
const spec = {
  volumes: [
    {
      name: "kube-api-access-abcde",
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
          { configMap: { name: "kube-root-ca.crt" } },
          { downwardAPI: { items: [] } },
        ],
      },
    },
    { name: "bundle", projected: { sources: [{ clusterTrustBundle: { signerName: "x" } }] } },
  ],
};

describe("checkSupportedVolumes: projected volumes", () => {
  it("podvisor run serves secret, configMap and downwardAPI sources and says why a serviceAccountToken cannot be", () => {
    expect(checkSupportedVolumes(spec, "spec", volumeTypes)).toEqual([
      {
        type: "Forbidden",
        path: "spec.volumes[0].projected.sources[0].serviceAccountToken",
        detail:
          "podvisor run has no API server to request a ServiceAccount token from (podvisor node serves it)",
      },
      {
        type: "Forbidden",
        path: "spec.volumes[1].projected.sources[0].clusterTrustBundle",
        detail: "not supported by podvisor (supported projection sources: secret, configMap, downwardAPI)",
      },
    ]);
  });

  it("podvisor node also serves the ServiceAccount token", () => {
    expect(
      checkSupportedVolumes(spec, "spec", volumeTypes, nodeProjectionSources).map((e) => e.path),
    ).toEqual(["spec.volumes[1].projected.sources[0].clusterTrustBundle"]);
  });

  it("a backend without projected volumes refuses the volume itself", () => {
    expect(checkSupportedVolumes(spec, "spec", ["emptyDir"]).map((e) => e.path)).toEqual([
      "spec.volumes[0].projected",
      "spec.volumes[1].projected",
    ]);
  });
});
