import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { installManifests } from "./install-manifests.js";

const base = {
  namespace: "podvisor-system",
  image: "podvisor:0.1.0",
  failurePolicy: "Ignore" as const,
  timeoutSeconds: 5,
};
const kinds = (objects: Fields[]) => objects.map((o) => o.kind);
const find = (objects: Fields[], kind: string) => objects.find((o) => o.kind === kind)!;

describe("podvisor install's manifests", () => {
  it("in-cluster: the CRD, the namespace, RBAC, Service, Deployment and both webhook configurations", () => {
    expect(kinds(installManifests(base))).toEqual([
      "CustomResourceDefinition",
      "Namespace",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "Namespace",
      "Role",
      "RoleBinding",
      "Service",
      "Deployment",
      "MutatingWebhookConfiguration",
      "ValidatingWebhookConfiguration",
    ]);
  });

  it("--url: only the CRD and the webhook configurations, calling that URL with the CA bundle", () => {
    const objects = installManifests({ ...base, url: "https://127.0.0.1:9443/", caBundle: "Q0E=" });
    expect(kinds(objects)).toEqual([
      "CustomResourceDefinition",
      "MutatingWebhookConfiguration",
      "ValidatingWebhookConfiguration",
    ]);
    const pods = (find(objects, "MutatingWebhookConfiguration").webhooks as Fields[])[0]!;
    expect(pods.clientConfig).toEqual({ url: "https://127.0.0.1:9443/mutate-pods", caBundle: "Q0E=" });
    const crd = find(objects, "CustomResourceDefinition");
    expect((crd.spec as Fields).conversion).toMatchObject({
      strategy: "Webhook",
      webhook: { clientConfig: { url: "https://127.0.0.1:9443/convert-sidecarsets", caBundle: "Q0E=" } },
    });
  });

  it("the pod webhook never sees kube-system or podvisor's namespace, is reinvoked if needed, and has the chosen failurePolicy and timeout", () => {
    const objects = installManifests({
      ...base,
      namespace: "pv",
      failurePolicy: "Fail",
      timeoutSeconds: 3,
      namespaceLabel: { key: "inject", value: "on" },
    });
    const pods = (find(objects, "MutatingWebhookConfiguration").webhooks as Fields[])[0]!;
    expect(pods).toMatchObject({
      failurePolicy: "Fail",
      timeoutSeconds: 3,
      reinvocationPolicy: "IfNeeded",
      sideEffects: "None",
      namespaceSelector: {
        matchExpressions: [
          { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "pv"] },
        ],
        matchLabels: { inject: "on" },
      },
    });
  });

  it("SidecarSet admission fails closed: a SidecarSet that skipped validation could break every pod it selects", () => {
    const objects = installManifests(base);
    const validating = (find(objects, "ValidatingWebhookConfiguration").webhooks as Fields[])[0]!;
    expect(validating).toMatchObject({
      failurePolicy: "Fail",
      rules: [{ apiGroups: ["apps.kruise.io"], apiVersions: ["v1alpha1", "v1beta1"] }],
    });
  });

  it("the CRD serves v1alpha1 and v1beta1, stores v1beta1, and differs only where Kruise's versions differ", () => {
    const crd = find(installManifests(base), "CustomResourceDefinition");
    const versions = (crd.spec as Fields).versions as Fields[];
    expect(versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      ["v1alpha1", true, false],
      ["v1beta1", true, true],
    ]);
    const specProps = (v: Fields) =>
      Object.keys(
        (((v.schema as Fields).openAPIV3Schema as Fields).properties as Fields).spec
          ? (((((v.schema as Fields).openAPIV3Schema as Fields).properties as Fields).spec as Fields)
              .properties as Fields)
          : {},
      );
    const alpha = specProps(versions[0]!);
    const beta = specProps(versions[1]!);
    expect(alpha.filter((k) => !beta.includes(k))).toEqual(["namespace"]);
    expect(beta.filter((k) => !alpha.includes(k))).toEqual(["customVersion"]);
  });
});
