/**
 * What `podvisor install` prints: the SidecarSet CRD, and the webhook configurations pointing
 * either at a URL (a webhook running outside the cluster) or at the in-cluster Service, with
 * the ServiceAccount, RBAC, Service and Deployment that run it there. Pure: options in, objects
 * out. The pod webhook never sees kube-system or podvisor's own namespace (its namespaceSelector
 * excludes them by their kubernetes.io/metadata.name), so a broken webhook cannot keep the
 * cluster's own pods, or its own, from starting (docs/webhook.md).
 */
import type { Fields } from "../api/index.js";
import { inClusterObjects, servicePort, webhookLabels as labels, webhookName } from "./in-cluster-objects.js";

import { sidecarSetCrd, type WebhookClientConfig } from "./sidecarset-crd.js";

export { webhookName };

export type FailurePolicy = "Ignore" | "Fail";

export interface InstallOptions {
  /** Where podvisor runs in the cluster (Service, Deployment, RBAC), and excluded from injection. */
  namespace: string;
  image: string;
  /** A webhook outside the cluster: the base URL its paths hang off; no Deployment is printed. */
  url?: string;
  /** base64 of the PEM CA that signed the webhook's serving certificate. */
  caBundle?: string;
  /** Of the pod webhook; SidecarSet admission always fails closed. */
  failurePolicy: FailurePolicy;
  timeoutSeconds: number;
  /** Only namespaces with this label get pods injected (opt-in), e.g. {podvisor.dev/injection: enabled}. */
  namespaceLabel?: { key: string; value: string };
}

export function installManifests(options: InstallOptions): Fields[] {
  const client = (path: string): WebhookClientConfig => ({
    ...(options.url
      ? { url: `${options.url.replace(/\/+$/, "")}${path}` }
      : { service: { namespace: options.namespace, name: webhookName, path, port: servicePort } }),
    ...(options.caBundle ? { caBundle: options.caBundle } : {}),
  });
  const caInjection = options.caBundle
    ? {}
    : { annotations: { "cert-manager.io/inject-ca-from": `${options.namespace}/${webhookName}` } };
  const crd = sidecarSetCrd(client("/convert-sidecarsets"));
  if (!options.caBundle) (crd.metadata as Fields).annotations = caInjection.annotations;
  const inCluster = options.url ? [] : inClusterObjects(options.namespace, options.image);
  return [
    crd,
    ...inCluster,
    mutatingConfiguration(options, client, caInjection),
    validatingConfiguration(options, client, caInjection),
  ];
}

function mutatingConfiguration(
  options: InstallOptions,
  client: (path: string) => WebhookClientConfig,
  meta: Fields,
): Fields {
  const excluded = [...new Set(["kube-system", options.namespace])];
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: webhookName, labels, ...meta },
    webhooks: [
      {
        name: "pods.sidecarsets.podvisor.dev",
        clientConfig: client("/mutate-pods"),
        rules: [
          {
            operations: ["CREATE"],
            apiGroups: [""],
            apiVersions: ["v1"],
            resources: ["pods"],
            scope: "Namespaced",
          },
        ],
        namespaceSelector: {
          matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: excluded }],
          ...(options.namespaceLabel
            ? { matchLabels: { [options.namespaceLabel.key]: options.namespaceLabel.value } }
            : {}),
        },
        failurePolicy: options.failurePolicy,
        timeoutSeconds: options.timeoutSeconds,
        reinvocationPolicy: "IfNeeded",
        matchPolicy: "Equivalent",
        sideEffects: "None",
        admissionReviewVersions: ["v1"],
      },
      sidecarSetWebhook(
        "mutate.sidecarsets.podvisor.dev",
        client("/mutate-sidecarsets"),
        options.timeoutSeconds,
      ),
    ],
  };
}

function validatingConfiguration(
  options: InstallOptions,
  client: (path: string) => WebhookClientConfig,
  meta: Fields,
): Fields {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: webhookName, labels, ...meta },
    webhooks: [
      sidecarSetWebhook(
        "validate.sidecarsets.podvisor.dev",
        client("/validate-sidecarsets"),
        options.timeoutSeconds,
      ),
    ],
  };
}

function sidecarSetWebhook(name: string, clientConfig: WebhookClientConfig, timeoutSeconds: number): Fields {
  return {
    name,
    clientConfig,
    rules: [
      {
        operations: ["CREATE", "UPDATE"],
        apiGroups: ["apps.kruise.io"],
        apiVersions: ["v1alpha1", "v1beta1"],
        resources: ["sidecarsets"],
        scope: "Cluster",
      },
    ],
    // A SidecarSet that skipped validation would break every pod it selects: fail closed.
    failurePolicy: "Fail",
    timeoutSeconds,
    matchPolicy: "Equivalent",
    sideEffects: "None",
    admissionReviewVersions: ["v1"],
  };
}
