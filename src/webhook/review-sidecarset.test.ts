import { describe, expect, it } from "vitest";
import type { Fields, SidecarSet } from "../api/index.js";
import { defaultedSidecarSet } from "../api/index.js";
import { mutateSidecarSet, validateSidecarSetRequest } from "./review-sidecarset.js";
import { patched, sidecarSetRequest } from "./testing/admission-fixtures.js";

const logAgent = (spec: Fields = {}): Fields => ({
  apiVersion: "apps.kruise.io/v1beta1",
  kind: "SidecarSet",
  metadata: { name: "log-agent", uid: "from-the-api-server", resourceVersion: "7" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    containers: [{ name: "log-agent", image: "busybox:1.36" }],
    ...spec,
  },
});

describe("SidecarSet admission (Kruise pkg/webhook/sidecarset)", () => {
  it("defaults as Kruise does, with a patch that leaves the API server's metadata alone", () => {
    const request = sidecarSetRequest(logAgent());
    const review = mutateSidecarSet(request);
    expect(review.outcome).toBe("defaulted");
    const result = patched(request, review.response);
    // The one defaulting the planner reads stored SidecarSets through too (src/api/sidecarset).
    expect(result.spec).toEqual(defaultedSidecarSet(logAgent()).spec);
    expect((result.spec as Fields).updateStrategy).toEqual({
      type: "RollingUpdate",
      maxUnavailable: 1,
      partition: 0,
    });
    const meta = result.metadata as Fields;
    expect(meta).toMatchObject({ name: "log-agent", uid: "from-the-api-server", resourceVersion: "7" });
    expect(meta.creationTimestamp).toBeUndefined();
  });

  it("stamps Kruise's revision hashes on the SidecarSet", () => {
    const request = sidecarSetRequest(logAgent());
    const annotations = (patched(request, mutateSidecarSet(request).response).metadata as Fields)
      .annotations as Record<string, string>;
    expect(annotations["kruise.io/sidecarset-hash"]).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{64}$/);
    expect(annotations["kruise.io/sidecarset-hash-without-image"]).toMatch(
      /^[bcdfghjklmnpqrstvwxz2456789]{64}$/,
    );
  });

  it("a defaulted SidecarSet defaults to itself: the second pass has no patch", () => {
    const first = sidecarSetRequest(logAgent());
    const again = mutateSidecarSet(sidecarSetRequest(patched(first, mutateSidecarSet(first).response)));
    expect(again.outcome).toBe("unchanged");
  });

  it("accepts a valid SidecarSet", () => {
    expect(validateSidecarSetRequest(sidecarSetRequest(logAgent()), undefined).outcome).toBe("valid");
  });

  it("refuses an invalid one with every problem, as podvisor inject prints them", () => {
    const bad = logAgent({
      containers: [{ name: "log-agent", image: "busybox", podInjectPolicy: "Middle" }],
      selector: undefined,
    });
    const review = validateSidecarSetRequest(sidecarSetRequest(bad), undefined);
    expect(review.response.allowed).toBe(false);
    expect(review.response.status?.message.split("\n")).toEqual([
      "sidecarset/log-agent: spec.selector: Required value: no selector defined for SidecarSet",
      'sidecarset/log-agent: spec.containers[0].podInjectPolicy: Unsupported value: "Middle": supported values: "BeforeAppContainer", "AfterAppContainer"',
    ]);
  });

  it("refuses patchPodMetadata without Kruise's whitelist ConfigMap, and accepts it with a rule that allows the key", () => {
    const patching = logAgent({ patchPodMetadata: [{ annotations: { "team.io/owner": "a" } }] });
    expect(
      validateSidecarSetRequest(sidecarSetRequest(patching), undefined).response.status?.message,
    ).toMatch(/spec\.patchPodMetadata: Required value: SidecarSet patch metadata whitelist not found/);
    const whitelist = JSON.stringify({ rules: [{ allowedAnnotationKeyExprs: ["^team\\.io/"] }] });
    expect(validateSidecarSetRequest(sidecarSetRequest(patching), whitelist).outcome).toBe("valid");
  });

  it("refuses an update that changes a container's upgradeType (Kruise: immutable)", () => {
    const old = defaultedSidecarSet(logAgent());
    const changed = logAgent({
      containers: [
        { name: "log-agent", image: "busybox:1.37", upgradeStrategy: { upgradeType: "HotUpgrade" } },
      ],
    });
    const request = { ...sidecarSetRequest(changed, "UPDATE"), oldObject: old };
    expect(validateSidecarSetRequest(request, undefined).response.status?.message).toContain(
      'sidecarset/log-agent: spec.containers[0].upgradeStrategy.upgradeType: Invalid value: "HotUpgrade": container log-agent upgradeType is immutable (was ColdUpgrade)',
    );
    const imageOnly = {
      ...sidecarSetRequest(
        logAgent({ containers: [{ name: "log-agent", image: "busybox:1.37" }] }),
        "UPDATE",
      ),
      oldObject: old,
    };
    expect(validateSidecarSetRequest(imageOnly, undefined).outcome).toBe("valid");
  });

  it("refuses a SidecarSet whose selector overlaps one that already has its container, naming both", () => {
    const existing = defaultedSidecarSet({
      ...logAgent({
        selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] },
      }),
      metadata: { name: "log-agent-v1" },
    }) as unknown as SidecarSet;
    const review = validateSidecarSetRequest(sidecarSetRequest(logAgent()), undefined, [existing]);
    expect(review.outcome).toBe("refused");
    expect(review.response.status?.message).toBe(
      'sidecarset/log-agent: spec.containers: Invalid value: "log-agent": container log-agent already exist in log-agent-v1',
    );
    // Only a SidecarSet valid in itself is compared with the others (Kruise's order).
    const invalid = logAgent({ selector: undefined });
    expect(
      validateSidecarSetRequest(sidecarSetRequest(invalid), undefined, [existing]).response.status?.message,
    ).not.toContain("already exist");
    const elsewhere = { ...existing, spec: { ...existing.spec, selector: { matchLabels: { app: "db" } } } };
    expect(validateSidecarSetRequest(sidecarSetRequest(logAgent()), undefined, [elsewhere]).outcome).toBe(
      "valid",
    );
  });

  it("passes other resources and DELETE through", () => {
    const request = { ...sidecarSetRequest(logAgent()), operation: "DELETE" as const };
    expect(mutateSidecarSet(request).outcome).toBe("skipped");
    expect(validateSidecarSetRequest(request, undefined).outcome).toBe("skipped");
  });
});
