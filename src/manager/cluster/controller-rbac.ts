/**
 * What `podvisor install` adds for the rollout controller: its ServiceAccount, the RBAC it needs
 * (read SidecarSets, Namespaces and pods; patch pods and their status; write SidecarSet status,
 * ControllerRevisions in kruise-system, its Lease, Events) and a Deployment of two replicas that
 * elect a leader. Printed with the webhook's in-cluster objects (its namespaces come from there). Kruise's kruise-manager role
 * grants the same verbs on these resources (config/rbac/role.yaml).
 */
import { kruiseNamespace, type Fields } from "../../api/index.js";

export const controllerName = "podvisor-controller";

export interface ControllerRbacOptions {
  namespace: string;
  image: string;
}

export function controllerRbac(options: ControllerRbacOptions): Fields[] {
  const ns = options.namespace;
  const labels = { "app.kubernetes.io/name": controllerName, "app.kubernetes.io/managed-by": "podvisor" };
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels });
  const subjects = [{ kind: "ServiceAccount", name: controllerName, namespace: ns }];
  const read = ["get", "list", "watch"];
  const binding = (kind: "ClusterRoleBinding" | "RoleBinding", namespace?: string): Fields => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: meta(controllerName, namespace),
    roleRef: {
      apiGroup: "rbac.authorization.k8s.io",
      kind: kind === "RoleBinding" ? "Role" : "ClusterRole",
      name: controllerName,
    },
    subjects,
  });
  const objects: Fields[] = [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(controllerName, ns) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: meta(controllerName),
      rules: [
        { apiGroups: ["apps.kruise.io"], resources: ["sidecarsets"], verbs: read },
        {
          apiGroups: ["apps.kruise.io"],
          resources: ["sidecarsets/status"],
          verbs: ["get", "update", "patch"],
        },
        { apiGroups: [""], resources: ["pods"], verbs: [...read, "patch", "update"] },
        { apiGroups: [""], resources: ["pods/status"], verbs: ["patch", "update"] },
        { apiGroups: [""], resources: ["namespaces"], verbs: read },
        { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] },
      ],
    },
    binding("ClusterRoleBinding"),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(controllerName, kruiseNamespace),
      rules: [
        {
          apiGroups: ["apps"],
          resources: ["controllerrevisions"],
          verbs: [...read, "create", "update", "patch", "delete"],
        },
      ],
    },
    binding("RoleBinding", kruiseNamespace),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(controllerName, ns),
      rules: [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update"] },
      ],
    },
    binding("RoleBinding", ns),
  ];
  return [...objects, deployment(options, meta(controllerName, ns), labels)];
}

function deployment(
  options: ControllerRbacOptions,
  metadata: Fields,
  labels: Record<string, string>,
): Fields {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata,
    spec: {
      replicas: 2,
      selector: { matchLabels: { "app.kubernetes.io/name": controllerName } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: controllerName,
          containers: [
            {
              name: "controller",
              image: options.image,
              args: ["controller", "--lease-namespace", options.namespace, "--metrics-addr", ":8080"],
              ports: [{ name: "metrics", containerPort: 8080 }],
              livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 },
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "512Mi" } },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
            },
          ],
        },
      },
    },
  };
}
