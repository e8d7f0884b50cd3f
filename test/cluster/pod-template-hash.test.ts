/**
 * podvisor names a Deployment's ReplicaSet and pods as a real cluster does: the same manifests,
 * applied to a real kube-apiserver with kube-controller-manager's Deployment controller, get the
 * pod-template-hash podvisor computes (defaults, then controllers/pod-template-hash) — and the API
 * server stores the same defaulted template podvisor admits.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunInput } from "../../src/admission/index.js";
import type { Deployment } from "../../src/api/index.js";
import { computePodTemplateHash } from "../../src/controllers/index.js";
import { repoRoot } from "./support/control-plane-binaries.js";
import { pollUntil } from "./support/poll-until.js";
import { useSharedControlPlane } from "./support/shared-control-plane.js";

const cluster = useSharedControlPlane();

const withProbesAndResources = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}, annotations: {note: "x"}}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports: [{containerPort: 80, name: http}]
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "0.5", memory: 1.5Gi}}
          readinessProbe: {httpGet: {path: /, port: http}}
          livenessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 3}
          env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
      volumes: [{name: cfg, configMap: {name: cfg, optional: true}}]
`;

describe("the pod-template-hash against the Deployment controller", () => {
  it.each([
    [
      "examples/deployment-sidecar.yaml",
      readFileSync(join(repoRoot, "examples", "deployment-sidecar.yaml"), "utf8"),
    ],
    ["a template with probes, resources, env and a configMap volume", withProbesAndResources],
  ])("%s", async (_name, manifest) => {
    const namespace = await cluster.createNamespace("hash");
    await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
    const replicaSet = await pollUntil("the Deployment controller to create a ReplicaSet", async () => {
      const list = await cluster.getJson<{ items: { metadata: { labels: Record<string, string> } }[] }>([
        "replicasets",
        "-n",
        namespace,
      ]);
      return list.items[0];
    });
    const stored = await cluster
      .getJson<Deployment>(["deployments", "-n", namespace])
      .then((list) => (list as unknown as { items: Deployment[] }).items[0]);
    const input = loadRunInput([{ name: "d.yaml", text: manifest }], { nowMs: 0, ids: () => "uid" }, {});
    expect(input.errors).toEqual([]);
    const admitted = input.workloads[0] as Deployment;
    expect(computePodTemplateHash(admitted.spec.template)).toBe(
      replicaSet.metadata.labels["pod-template-hash"],
    );
    // The API server stores quantities canonically ("0.5" is "500m") and writes an empty
    // `resources` struct; the hash above sees both as the controller does. The rest is the same.
    const withoutResources = (template: Deployment["spec"]["template"] | undefined) => {
      const copy = structuredClone(template);
      for (const container of [...(copy?.spec.initContainers ?? []), ...(copy?.spec.containers ?? [])])
        delete container.resources;
      return copy;
    };
    expect(withoutResources(admitted.spec.template)).toEqual(withoutResources(stored?.spec.template));
  });
});
