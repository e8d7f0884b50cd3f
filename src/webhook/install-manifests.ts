/**
 * What `podvisor install` prints: the SidecarSet CRD, and the webhook configurations pointing
 * either at a URL (a webhook running outside the cluster) or at the in-cluster Service, with
 * the ServiceAccount, RBAC, Service and Deployment that run it there. Pure: options in, objects
 * out. The pod webhook never sees kube-system or podvisor's own namespace (its namespaceSelector
 * excludes them by their kubernetes.io/metadata.name), so a broken webhook cannot keep the
 * cluster's own pods, or its own, from starting (docs/webhook.md).
 */
import type { Fields } from "../api/index.js";
import { kruiseConfiguration } from "../sidecarset/index.js";
import { sidecarSetCrd, type WebhookClientConfig } from "./sidecarset-crd.js";

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

export const webhookName = "podvisor-webhook";
const labels = { "app.kubernetes.io/name": webhookName, "app.kubernetes.io/managed-by": "podvisor" };
const servicePort = 443;
const containerPort = 9443;

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
  const inCluster = options.url ? [] : clusterObjects(options);
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

function clusterObjects(options: InstallOptions): Fields[] {
  const ns = options.namespace;
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels });
  const subject = [{ kind: "ServiceAccount", name: webhookName, namespace: ns }];
  const probe = (path: string) => ({
    httpGet: { path, port: containerPort, scheme: "HTTPS" },
    periodSeconds: 5,
  });
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: meta(ns) },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(webhookName, ns) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: meta(webhookName),
      rules: [
        { apiGroups: ["apps.kruise.io"], resources: ["sidecarsets"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["namespaces", "nodes"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: meta(webhookName),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: webhookName },
      subjects: subject,
    },
    // The patchPodMetadata whitelist is Kruise's ConfigMap, in Kruise's namespace: read just that.
    { apiVersion: "v1", kind: "Namespace", metadata: meta(kruiseConfiguration.namespace) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(webhookName, kruiseConfiguration.namespace),
      rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(webhookName, kruiseConfiguration.namespace),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: webhookName },
      subjects: subject,
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(webhookName, ns),
      spec: {
        selector: { "app.kubernetes.io/name": webhookName },
        ports: [{ name: "https", port: servicePort, targetPort: containerPort }],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(webhookName, ns),
      spec: {
        replicas: 2,
        selector: { matchLabels: { "app.kubernetes.io/name": webhookName } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: webhookName,
            containers: [
              {
                name: "webhook",
                image: options.image,
                args: [
                  "webhook",
                  "--host",
                  "0.0.0.0",
                  "--port",
                  String(containerPort),
                  "--tls-cert-file",
                  "/tls/tls.crt",
                  "--tls-key-file",
                  "/tls/tls.key",
                ],
                ports: [{ name: "https", containerPort }],
                readinessProbe: probe("/readyz"),
                livenessProbe: probe("/healthz"),
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                },
                volumeMounts: [{ name: "tls", mountPath: "/tls", readOnly: true }],
              },
            ],
            // The serving certificate: a kubernetes.io/tls Secret, e.g. from cert-manager (docs/webhook.md).
            volumes: [{ name: "tls", secret: { secretName: webhookName } }],
          },
        },
      },
    },
  ];
}
