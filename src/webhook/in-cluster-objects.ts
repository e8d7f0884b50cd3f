/**
 * What runs podvisor's webhook inside the cluster, for `podvisor install` without --url: its
 * Namespace, ServiceAccount, read-only RBAC (SidecarSets, Namespaces, Nodes cluster-wide; the
 * ConfigMaps of kruise-system, where Kruise's patchPodMetadata whitelist lives), the Service and
 * a Deployment of two replicas probing /readyz and /healthz, serving the TLS Secret of its name.
 */
import type { Fields } from "../api/index.js";
import { kruiseConfiguration } from "../sidecarset/index.js";

export const webhookName = "podvisor-webhook";
export const webhookLabels = {
  "app.kubernetes.io/name": webhookName,
  "app.kubernetes.io/managed-by": "podvisor",
};
const labels = webhookLabels;
/** The Service's port; the container listens on containerPort. */
export const servicePort = 443;
const containerPort = 9443;

export function inClusterObjects(ns: string, image: string): Fields[] {
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
                image,
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
