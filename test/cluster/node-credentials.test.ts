/**
 * `podvisor node` and the cluster's credentials, against a real control plane of its own
 * (kube-apiserver and kube-controller-manager for the ServiceAccounts and kube-root-ca.crt; no
 * scheduler: the pods name the node): an ordinary pod gets the ServiceAccount admission's
 * kube-api-access volume, served with a bound token from the TokenRequest API, the cluster CA and
 * its namespace; the kubelet API takes a ServiceAccount's bearer token through TokenReview and
 * asks a SubjectAccessReview whether it may `get nodes/proxy` (the kubelet's
 * --authentication-token-webhook and --authorization-mode=Webhook).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startControlPlane, type ControlPlane } from "./support/control-plane.js";
import { pollUntil } from "./support/poll-until.js";
import { startPodvisorNode, type NodeProcess } from "./node-process.js";

const nodeName = "podvisor-credentials-node";
let cluster: ControlPlane;
let node: NodeProcess;
let namespace: string;
let kubeletPort: number;

interface NodeObject {
  status: {
    conditions?: { type: string; status: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
}
interface PodObject {
  spec: { volumes?: { name: string }[] };
  status: { phase?: string };
}

beforeAll(async () => {
  cluster = await startControlPlane({ controllerManager: true });
  node = startPodvisorNode({
    kubeconfig: cluster.connection.kubeconfigPath,
    nodeName,
    stateDir: mkdtempSync(join(tmpdir(), "podvisor-credentials-state-")),
    clientCaFile: cluster.pki.caCertPath,
  });
  kubeletPort = await pollUntil("podvisor node to register a Ready node", async () => {
    const result = await cluster.kubectlResult(["get", "node", nodeName, "-o", "json"]);
    if (result.exitCode !== 0) return undefined;
    const status = (JSON.parse(result.stdout) as NodeObject).status;
    const isReady = status.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    return isReady ? status.daemonEndpoints?.kubeletEndpoint?.Port : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\npodvisor node output:\n${node.output()}`);
  });
  namespace = await cluster.createNamespace("creds");
  // An ordinary pod: the ServiceAccount admission adds kube-api-access-* (automountServiceAccountToken).
  const dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], {
    stdin: JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "talker" },
      spec: {
        nodeName,
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "app",
            image: "busybox:1.36",
            command: [
              "sh",
              "-c",
              `echo "namespace $(cat ${dir}/namespace)"; echo "ca $(head -n 1 ${dir}/ca.crt)"; echo "token $(cat ${dir}/token)"; sleep 3600`,
            ],
          },
        ],
      },
    }),
  });
  await pollUntil("the pod to run", async () => {
    const pod = await cluster.getJson<PodObject>(["pod", "talker", "-n", namespace]);
    return pod.status.phase === "Running" ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\npodvisor node output:\n${node.output()}`);
  });
});

afterEach((context) => {
  if (context.task.result?.state === "fail") console.error(`podvisor node output:\n${node.output()}`);
});

afterAll(async () => {
  await node?.stop();
  await cluster?.stop();
});

/** GET on the node's kubelet API with a bearer token (no client certificate). */
function kubeletGet(path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: kubeletPort,
        path,
        // The node's serving certificate is self-signed, as a kubelet's without --tls-cert-file.
        rejectUnauthorized: false,
        headers: { Authorization: `Bearer ${token}` },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The pod's output, once it has written its three lines. */
async function talkerOutput(token: string): Promise<string> {
  return pollUntil("the pod's output through the kubelet API", async () => {
    const answer = await kubeletGet(`/containerLogs/${namespace}/talker/app`, token);
    return answer.status === 200 && answer.body.includes("token ") ? answer.body : undefined;
  });
}

describe("podvisor node and the cluster's credentials", () => {
  it("a pod with the ServiceAccount admission's kube-api-access volume reads its bound token, ca.crt and namespace", async () => {
    const pod = await cluster.getJson<PodObject>(["pod", "talker", "-n", namespace]);
    expect(pod.spec.volumes?.map((v) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-/)]);
    const admin = cluster.connection.adminToken;
    const output = await talkerOutput(admin);
    expect(output).toContain(`namespace ${namespace}\n`);
    expect(output).toContain(`ca ${readFileSync(cluster.pki.caCertPath, "utf8").split("\n")[0]}\n`);
    const token = /^token (\S+)$/m.exec(output)?.[1] ?? "";
    // The API server accepts it: the pod's default ServiceAccount, bound to this pod on this node.
    const review = JSON.parse(
      await cluster.kubectl(["create", "-o", "json", "-f", "-"], {
        stdin: JSON.stringify({
          apiVersion: "authentication.k8s.io/v1",
          kind: "TokenReview",
          spec: { token },
        }),
      }),
    ) as {
      status: { authenticated?: boolean; user?: { username?: string; extra?: Record<string, string[]> } };
    };
    expect(review.status.authenticated).toBe(true);
    expect(review.status.user?.username).toBe(`system:serviceaccount:${namespace}:default`);
    expect(review.status.user?.extra?.["authentication.kubernetes.io/pod-name"]).toEqual(["talker"]);
  });

  it("the kubelet API: a ServiceAccount token with nodes/proxy get reads the logs; one without is 403; an invalid token 401", async () => {
    const rbac = [
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "log-reader", namespace } },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "nobody", namespace } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: `${namespace}-node-proxy` },
        rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: `${namespace}-node-proxy` },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: `${namespace}-node-proxy`,
        },
        subjects: [{ kind: "ServiceAccount", name: "log-reader", namespace }],
      },
    ];
    await cluster.kubectl(["apply", "-f", "-"], {
      stdin: JSON.stringify({ apiVersion: "v1", kind: "List", items: rbac }),
    });
    const tokenOf = async (serviceAccount: string) =>
      (await cluster.kubectl(["create", "token", serviceAccount, "-n", namespace])).trim();

    const reader = await talkerOutput(await tokenOf("log-reader"));
    expect(reader).toContain(`namespace ${namespace}\n`);

    const refused = await kubeletGet(`/containerLogs/${namespace}/talker/app`, await tokenOf("nobody"));
    expect(refused).toEqual({
      status: 403,
      body: `Forbidden (user=system:serviceaccount:${namespace}:nobody, verb=get, resource=nodes, subresource(s)=[proxy])\n`,
    });

    expect(await kubeletGet(`/containerLogs/${namespace}/talker/app`, "not-a-token")).toEqual({
      status: 401,
      body: "Unauthorized",
    });
  });
});
