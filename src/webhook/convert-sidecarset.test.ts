import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { convertSidecarSet, reviewConversion } from "./convert-sidecarset.js";

const alpha = (): Fields => ({
  apiVersion: "apps.kruise.io/v1alpha1",
  kind: "SidecarSet",
  metadata: { name: "s", labels: { "apps.kruise.io/sidecarset-custom-version": "v2", team: "a" } },
  spec: {
    selector: { matchLabels: { app: "web" } },
    namespace: "prod",
    containers: [{ name: "c", image: "x", resourcesPolicy: { targetContainersMode: "sum" } }],
  },
  status: { matchedPods: 3 },
});

describe("SidecarSet conversion (Kruise apis/apps/v1alpha1/sidecarset_conversion.go)", () => {
  it("v1alpha1 → v1beta1: namespace becomes a namespaceSelector on kubernetes.io/metadata.name; the custom-version label becomes spec.customVersion", () => {
    const beta = convertSidecarSet(alpha(), "apps.kruise.io/v1beta1") as Fields;
    expect(beta.apiVersion).toBe("apps.kruise.io/v1beta1");
    expect(beta.spec).toEqual({
      selector: { matchLabels: { app: "web" } },
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "prod" } },
      containers: [{ name: "c", image: "x", resourcesPolicy: { targetContainersMode: "sum" } }],
      customVersion: "v2",
    });
    expect((beta.metadata as Fields).labels).toEqual({ team: "a" });
    expect(beta.status).toEqual({ matchedPods: 3 });
  });

  it("v1alpha1's namespace wins over its namespaceSelector", () => {
    const both = alpha();
    (both.spec as Fields).namespaceSelector = { matchLabels: { env: "x" } };
    expect(
      ((convertSidecarSet(both, "apps.kruise.io/v1beta1") as Fields).spec as Fields).namespaceSelector,
    ).toEqual({
      matchLabels: { "kubernetes.io/metadata.name": "prod" },
    });
  });

  it("v1beta1 → v1alpha1: the namespaceSelector stays; customVersion goes back to the label", () => {
    const beta = convertSidecarSet(alpha(), "apps.kruise.io/v1beta1") as Fields;
    const back = convertSidecarSet(beta, "apps.kruise.io/v1alpha1") as Fields;
    expect((back.spec as Fields).customVersion).toBeUndefined();
    expect((back.spec as Fields).namespaceSelector).toEqual({
      matchLabels: { "kubernetes.io/metadata.name": "prod" },
    });
    expect((back.metadata as Fields).labels).toEqual({
      team: "a",
      "apps.kruise.io/sidecarset-custom-version": "v2",
    });
  });

  it("answers a ConversionReview with every object converted, or a failure naming the version", () => {
    const ok = reviewConversion({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "ConversionReview",
      request: { uid: "u1", desiredAPIVersion: "apps.kruise.io/v1beta1", objects: [alpha()] },
    });
    expect(ok).toMatchObject({
      response: {
        uid: "u1",
        result: { status: "Success" },
        convertedObjects: [{ apiVersion: "apps.kruise.io/v1beta1" }],
      },
    });
    const bad = reviewConversion({
      kind: "ConversionReview",
      request: { uid: "u2", desiredAPIVersion: "apps.kruise.io/v2", objects: [alpha()] },
    });
    expect(bad).toMatchObject({
      response: {
        uid: "u2",
        result: { status: "Failure", message: expect.stringContaining("apps.kruise.io/v2") },
      },
    });
  });
});
