/**
 * The OpenKruise SidecarSet CRD (sidecarsets.apps.kruise.io), written for podvisor so existing
 * manifests apply unchanged: cluster-scoped, v1alpha1 and v1beta1 served, v1beta1 stored (as
 * Kruise's), with Kruise's printer columns and a status subresource. The schema is structural
 * and names every SidecarSet field; the embedded container, volume and priority specs keep
 * their fields (`x-kubernetes-preserve-unknown-fields`), since the core API validates them when
 * a pod is created and podvisor's validating webhook validates them with the pod rules first.
 * The versions differ (v1alpha1 `spec.namespace`, v1beta1 `spec.customVersion`), so conversion
 * is a webhook (convert-sidecarset.ts), as in Kruise.
 */
import type { Fields } from "../api/index.js";

export interface WebhookClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path: string; port: number };
  caBundle?: string;
}

const string = { type: "string" };
const int32 = { type: "integer", format: "int32" };
const intOrString = { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] };
const preserved = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

const labelSelector = {
  type: "object",
  "x-kubernetes-map-type": "atomic",
  properties: {
    matchLabels: { type: "object", additionalProperties: string },
    matchExpressions: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "operator"],
        properties: { key: string, operator: string, values: { type: "array", items: string } },
      },
    },
  },
};

const sidecarContainers = {
  type: "array",
  items: { ...preserved, required: ["name"], properties: { name: string } },
};

function specSchema(version: "v1alpha1" | "v1beta1"): Fields {
  return {
    type: "object",
    properties: {
      selector: labelSelector,
      ...(version === "v1alpha1" ? { namespace: string } : { customVersion: string }),
      namespaceSelector: labelSelector,
      initContainers: sidecarContainers,
      containers: sidecarContainers,
      volumes: { type: "array", items: preserved },
      updateStrategy: {
        type: "object",
        properties: {
          type: string,
          paused: { type: "boolean" },
          selector: labelSelector,
          partition: intOrString,
          maxUnavailable: intOrString,
          priorityStrategy: preserved,
          scatterStrategy: {
            type: "array",
            items: { type: "object", required: ["key", "value"], properties: { key: string, value: string } },
          },
        },
      },
      injectionStrategy: {
        type: "object",
        properties: {
          paused: { type: "boolean" },
          revision: {
            type: "object",
            properties: { customVersion: string, revisionName: string, policy: string },
          },
        },
      },
      imagePullSecrets: { type: "array", items: { type: "object", properties: { name: string } } },
      revisionHistoryLimit: int32,
      patchPodMetadata: {
        type: "array",
        items: {
          type: "object",
          properties: { annotations: { type: "object", additionalProperties: string }, patchPolicy: string },
        },
      },
    },
  };
}

const statusSchema = {
  type: "object",
  properties: {
    observedGeneration: { type: "integer", format: "int64" },
    matchedPods: int32,
    updatedPods: int32,
    readyPods: int32,
    updatedReadyPods: int32,
    latestRevision: string,
    collisionCount: int32,
  },
};

const printerColumns = [
  {
    name: "MATCHED",
    type: "integer",
    jsonPath: ".status.matchedPods",
    description: "The number of pods matched.",
  },
  {
    name: "UPDATED",
    type: "integer",
    jsonPath: ".status.updatedPods",
    description: "The number of pods matched and updated.",
  },
  {
    name: "READY",
    type: "integer",
    jsonPath: ".status.readyPods",
    description: "The number of pods matched and ready.",
  },
  { name: "AGE", type: "date", jsonPath: ".metadata.creationTimestamp" },
];

export function sidecarSetCrd(conversion: WebhookClientConfig): Fields {
  const version = (name: "v1alpha1" | "v1beta1") => ({
    name,
    served: true,
    storage: name === "v1beta1",
    schema: {
      openAPIV3Schema: {
        type: "object",
        description:
          "SidecarSet injects sidecar containers into the pods it selects (OpenKruise API, served by podvisor).",
        properties: {
          apiVersion: string,
          kind: string,
          metadata: { type: "object" },
          spec: specSchema(name),
          status: statusSchema,
        },
      },
    },
    subresources: { status: {} },
    additionalPrinterColumns: printerColumns,
  });
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "sidecarsets.apps.kruise.io", labels: { "app.kubernetes.io/managed-by": "podvisor" } },
    spec: {
      group: "apps.kruise.io",
      names: {
        kind: "SidecarSet",
        listKind: "SidecarSetList",
        plural: "sidecarsets",
        singular: "sidecarset",
      },
      scope: "Cluster",
      versions: [version("v1alpha1"), version("v1beta1")],
      conversion: {
        strategy: "Webhook",
        webhook: { conversionReviewVersions: ["v1"], clientConfig: { ...conversion } },
      },
    },
  };
}
