/**
 * The one defaulting of stored SidecarSets (`defaultedSidecarSet`), Kruise's
 * `SetDefaultsSidecarSetV1beta1` as its mutating webhook runs it on every CREATE and UPDATE.
 * `podvisor webhook` and the rollout planner each had their own copy until both used this one:
 * the webhook defaulted every SidecarSet, the planner only one without `kruise.io/sidecarset-hash`.
 */
import { describe, expect, it } from "vitest";
import type { Fields } from "../validation/shape.js";
import { defaultedSidecarSet } from "./sidecarset-defaults.js";

function stored(): Fields {
  return {
    apiVersion: "apps.kruise.io/v1beta1",
    kind: "SidecarSet",
    metadata: { name: "mesh", namespace: "ignored", uid: "uid-1", creationTimestamp: "2026-01-01T00:00:00Z" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      initContainers: [{ name: "setup", image: "setup:1" }],
      containers: [{ name: "proxy", image: "proxy:1" }],
      patchPodMetadata: [{ annotations: { "team.io/x": "1" } }],
      injectionStrategy: { revision: { revisionName: "mesh-1" } },
    },
  };
}

describe("defaultedSidecarSet", () => {
  it("applies SetDefaultsSidecarSetV1beta1: RollingUpdate with maxUnavailable 1 and partition 0, the inject policies, ColdUpgrade, shareVolumePolicy disabled, revisionHistoryLimit 10, patchPolicy Retain, revision policy Always", () => {
    const spec = defaultedSidecarSet(stored()).spec as Fields;
    expect(spec.updateStrategy).toEqual({ type: "RollingUpdate", maxUnavailable: 1, partition: 0 });
    const [init] = spec.initContainers as Fields[];
    const [proxy] = spec.containers as Fields[];
    expect(init).toMatchObject({
      podInjectPolicy: "AfterAppContainer",
      upgradeStrategy: { upgradeType: "ColdUpgrade" },
      shareVolumePolicy: { type: "disabled" },
    });
    expect(proxy).toMatchObject({
      podInjectPolicy: "BeforeAppContainer",
      upgradeStrategy: { upgradeType: "ColdUpgrade" },
      shareVolumePolicy: { type: "disabled" },
      // setDefaultContainer: the core container defaults.
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
    });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.patchPodMetadata).toEqual([{ annotations: { "team.io/x": "1" }, patchPolicy: "Retain" }]);
    expect(spec.injectionStrategy).toEqual({ revision: { revisionName: "mesh-1", policy: "Always" } });
  });

  it("keeps the metadata exactly as stored: uid, creationTimestamp and namespace are the API server's, not the defaults'", () => {
    expect(defaultedSidecarSet(stored()).metadata).toEqual(stored().metadata);
  });

  it("fills in only what is empty: values given are kept", () => {
    const given = stored();
    (given.spec as Fields).updateStrategy = { type: "NotUpdate", maxUnavailable: "20%" };
    expect((defaultedSidecarSet(given).spec as Fields).updateStrategy).toEqual({
      type: "NotUpdate",
      maxUnavailable: "20%",
      partition: 0,
    });
  });

  // Go's JSON decoding gives `"maxUnavailable": ""` a non-nil `*intstr.IntOrString` of type String,
  // which setSidecarSetUpdateStrategyV1beta1 (nil checks only) keeps and validation then refuses;
  // `type: ""` is a plain string compared with "" and so defaulted.
  it.each([
    ["absent", undefined, 1, 0],
    ["null", null, 1, 0],
    ["the empty string", "", "", ""],
    ["0", 0, 0, 0],
    ["0%", "0%", "0%", "0%"],
  ] as const)(
    "maxUnavailable and partition %s: only a nil value is defaulted",
    (_name, given, maxUnavailable, partition) => {
      const object = stored();
      (object.spec as Fields).updateStrategy = { type: "", maxUnavailable: given, partition: given };
      expect((defaultedSidecarSet(object).spec as Fields).updateStrategy).toEqual({
        type: "RollingUpdate",
        maxUnavailable,
        partition,
      });
    },
  );

  it("is idempotent, so a SidecarSet its webhook defaulted reads back unchanged", () => {
    const once = defaultedSidecarSet(stored());
    expect(defaultedSidecarSet(once)).toEqual(once);
  });

  it("leaves the object it was given untouched", () => {
    const given = stored();
    defaultedSidecarSet(given);
    expect(given).toEqual(stored());
  });
});
