/**
 * Fixtures for podvisor's own rollout tests: SidecarSets defaulted as the API stores them, pods
 * injected by podvisor's injection (so the revision records are real), and a stand-in for the
 * kubelet that reports what a pod runs — image, a content-derived image ID, readiness.
 */
import type { SidecarSet } from "../../../api/index.js";
import type { Fields } from "../../../api/index.js";
import type { ContainerStatus, Pod } from "../../../api/index.js";
import { injectSidecarSets } from "../../../sidecarset/index.js";
import { sidecarSet as defaultedSidecarSet } from "../../../sidecarset/testing/fixtures.js";
import { T0_MS } from "./kruise-fixtures.js";

/** A SidecarSet with a regular sidecar, a native sidecar and a plain init container. */
export function meshSidecarSet(
  version: string,
  updateStrategy: Fields = {},
  metadata: Fields = {},
): SidecarSet {
  return defaultedSidecarSet(
    "mesh",
    {
      selector: { matchLabels: { app: "web" } },
      initContainers: [
        { name: "proxy", image: `proxy:${version}`, restartPolicy: "Always" },
        { name: "setup", image: `setup:${version}` },
      ],
      containers: [{ name: "logs", image: `logs:${version}` }],
      updateStrategy,
    },
    metadata,
  );
}

/** A pod of app=web, admitted through `sidecarSets`, running and ready with what its spec says. */
export function injectedPod(
  name: string,
  sidecarSets: readonly SidecarSet[],
  annotations: Record<string, string> = {},
): Pod {
  const input: Fields = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      labels: { app: "web" },
      annotations,
      resourceVersion: "100",
      creationTimestamp: new Date(T0_MS).toISOString().replace(".000Z", "Z"),
    },
    spec: { containers: [{ name: "app", image: "app:1" }], nodeName: "node-1" },
  };
  const result = injectSidecarSets({ pod: input, namespace: "default", namespaceLabels: {} }, sidecarSets, {
    nowMs: T0_MS,
    kubeVersion: [1, 34],
  });
  if (result.pod === undefined) throw new Error(result.errors.map((e) => e.detail).join("; "));
  const pod = result.pod as unknown as Pod;
  runAsSpecified(pod);
  return pod;
}

/** What a kubelet reports once it runs every container of the spec and all are ready. */
export function runAsSpecified(pod: Pod, isReady = true): void {
  const statusOf = (c: { name: string; image?: string }, ready: boolean): ContainerStatus => ({
    name: c.name,
    image: c.image ?? "",
    imageID: imageIdOf(c.image ?? ""),
    ready,
    restartCount: 0,
    started: true,
  });
  pod.status = {
    phase: "Running",
    conditions: [
      { type: "Ready", status: isReady ? "True" : "False", lastTransitionTime: "2026-01-01T00:00:00Z" },
    ],
    initContainerStatuses: (pod.spec.initContainers ?? []).map((c) =>
      statusOf(c, c.restartPolicy === "Always"),
    ),
    containerStatuses: pod.spec.containers.map((c) => statusOf(c, isReady)),
  };
}

/** A stable, content-like image ID: `docker-pullable://<repo>@sha256:<64 hex>`. */
export function imageIdOf(image: string): string {
  const repo = image.split(":")[0] ?? image;
  let hex = "";
  for (let i = 0; hex.length < 64; i++)
    hex += ((image.charCodeAt(i % image.length) * 31 + i) % 256).toString(16).padStart(2, "0");
  return `docker-pullable://${repo}@sha256:${hex.slice(0, 64)}`;
}

/** The SidecarSet after the user changes its images: the spec hash moves, as the webhook stamps it. */
export function withImages(sidecarSet: SidecarSet, version: string): SidecarSet {
  const next = structuredClone(sidecarSet);
  for (const c of [...(next.spec.initContainers ?? []), ...(next.spec.containers ?? [])])
    c.image = `${(c.image ?? "").split(":")[0]}:${version}`;
  return next;
}
