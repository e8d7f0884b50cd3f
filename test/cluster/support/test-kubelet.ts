/**
 * A small test node that plays the kubelet's part on the API for the pods of one namespace, for the
 * controller's own tests and its benchmark (issue 14, "The pod side"; the rollout over pods
 * `podvisor node` really runs is in node.test.ts): it watches the namespace's
 * pods and writes their status as a kubelet would — Running, the Ready/ContainersReady/
 * Initialized/PodScheduled conditions, a containerStatus per container (and an
 * initContainerStatus per init container: native sidecars running, plain ones Completed) with
 * the spec's image and an imageID derived from it. When a container's image in the spec changes
 * (an in-place update), it reports the restarted container `restartDelayMs` later in one write:
 * the new image and imageID, restartCount + 1, ready unless `isReadyAfterUpdate` says otherwise.
 * That is what a kubelet writes for a container without a readiness probe: its sync kills the old
 * container and starts the new one in the same pass (kuberuntime `SyncPod`, steps 2 and 7), and
 * the status is generated only at the start of a sync (kubelet `SyncPod` → `SetPodStatus`), so
 * the next sync reports the new instance running, with no state in between. Until that write the
 * pod is unavailable to Kruise all the same: its status shows the old image. Other containers
 * keep their restartCount.
 * Status is written with a strategic-merge patch of the status subresource carrying the kubelet's
 * own four conditions, as the kubelet's status manager patches (`statusutil.PatchPodStatus`):
 * conditions merge by type, so those of other writers (SidecarSetUpgradable) stay, even when the
 * controller wrote one after the pod copy this node works from. Like a kubelet, it keeps its connection to the API server
 * alive between writes, and it never acts on an event older than its own last write of the pod
 * (a kubelet works from its runtime's state, not from a stale read of the status it wrote): a
 * late event would otherwise report a restarted sidecar as restarting once more. A pod's first
 * status is written once, even when another event of the pod comes before that write lands.
 */
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { Agent, request } from "node:https";
import type { ControlPlaneConnection } from "./cluster-client.js";
import { apiRequestOptions, watchPods } from "./pod-watch.js";

interface Container {
  name: string;
  image: string;
  restartPolicy?: string;
}
interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: Record<string, unknown>;
}
interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}
export interface KubeletPod {
  metadata: {
    name: string;
    namespace: string;
    resourceVersion: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
  };
  spec: { containers: Container[]; initContainers?: Container[] };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface TestKubeletOptions {
  namespace: string;
  restartDelayMs: number;
  /** Whether container `name` of `pod` is ready once restarted with `image`; default: ready. */
  isReadyAfterUpdate?: (pod: string, name: string, image: string) => boolean;
}

/** `registry/name@sha256:<hex>`, as a runtime reports a pulled image. */
export function imageIdOf(image: string): string {
  const repository = image.replace(/:[^/:]+$/, "");
  return `${repository}@sha256:${createHash("sha256").update(image).digest("hex")}`;
}

export class TestKubelet {
  private readonly abort = new AbortController();
  private readonly restarting = new Set<string>();
  /** Pods whose first status write is under way: a second event before it lands must not write again. */
  private readonly starting = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** pod name → the resourceVersion our last status write returned. */
  private readonly written = new Map<string, bigint>();
  private readonly agent = new Agent({ keepAlive: true });
  private running: Promise<void> | undefined;
  /** Status writes sent so far (the benchmark tells them from the controller's). */
  statusWrites = 0;

  constructor(
    private readonly connection: ControlPlaneConnection,
    private readonly options: TestKubeletOptions,
  ) {
    // One signal ends the watch and every status write in flight: a rollout has a pod's worth.
    setMaxListeners(0, this.abort.signal);
  }

  start(): void {
    this.running = watchPods<KubeletPod>(
      this.connection,
      this.options.namespace,
      (event) => {
        if (event.type !== "DELETED") this.sync(event.object);
      },
      this.abort.signal,
    );
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    await this.running;
    this.agent.destroy();
  }

  /** Decides the pod's status from its spec and what it reports now. */
  private sync(pod: KubeletPod): void {
    if (pod.metadata.deletionTimestamp !== undefined) return;
    const key = pod.metadata.name;
    if (BigInt(pod.metadata.resourceVersion) < (this.written.get(key) ?? 0n)) return;
    const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
    const reported = new Map(
      [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((s) => [
        s.name,
        s,
      ]),
    );
    const changed = all.filter((c) => reported.has(c.name) && reported.get(c.name)?.image !== c.image);
    if (reported.size === 0) {
      if (this.starting.has(key)) return;
      this.starting.add(key);
      return void this.write(pod, new Map()).finally(() => this.starting.delete(key));
    }
    if (changed.length === 0 || this.restarting.has(key)) return;
    this.restarting.add(key);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const done = new Map(
        changed.map((c) => {
          const before = reported.get(c.name)!;
          const ready = this.options.isReadyAfterUpdate?.(key, c.name, c.image) ?? true;
          return [c.name, { ...this.runningStatus(c, ready), restartCount: before.restartCount + 1 }];
        }),
      );
      void this.write(pod, done, reported).finally(() => this.restarting.delete(key));
    }, this.options.restartDelayMs);
    this.timers.add(timer);
  }

  private runningStatus(container: Container, ready: boolean): ContainerStatus {
    return {
      name: container.name,
      image: container.image,
      imageID: imageIdOf(container.image),
      ready,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") } },
    };
  }

  /** Writes every container's status: `overrides` for some, the last reported or fresh otherwise. */
  private async write(
    pod: KubeletPod,
    overrides: Map<string, ContainerStatus>,
    reported = new Map<string, ContainerStatus>(),
  ): Promise<void> {
    const last = new Map(
      [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
        ...reported.values(),
      ].map((s) => [s.name, s]),
    );
    const statusOf = (c: Container): ContainerStatus => {
      const override = overrides.get(c.name);
      if (override) return override;
      const previous = last.get(c.name);
      if (previous && previous.image === c.image) return previous;
      if (c.restartPolicy === undefined && (pod.spec.initContainers ?? []).includes(c))
        return {
          ...this.runningStatus(c, false),
          started: false,
          state: { terminated: { exitCode: 0, reason: "Completed" } },
        };
      return this.runningStatus(c, true);
    };
    const init = (pod.spec.initContainers ?? []).map(statusOf);
    const main = pod.spec.containers.map(statusOf);
    const sidecarsReady = init.every(
      (s, i) => pod.spec.initContainers?.[i]?.restartPolicy !== "Always" || s.ready,
    );
    const ready = sidecarsReady && main.every((s) => s.ready) ? "True" : "False";
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const previousConditions = pod.status?.conditions ?? [];
    const condition = (type: string, status: string): Condition => {
      const previous = previousConditions.find((c) => c.type === type);
      return {
        type,
        status,
        lastTransitionTime: previous?.status === status ? (previous.lastTransitionTime ?? now) : now,
      };
    };
    const conditions = [
      condition("PodScheduled", "True"),
      condition("Initialized", "True"),
      condition("ContainersReady", ready),
      condition("Ready", ready),
    ];
    const status = {
      phase: "Running",
      hostIP: "127.0.0.1",
      podIP: "127.0.0.1",
      startTime: now,
      conditions,
      containerStatuses: main,
      ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    };
    const path = `/api/v1/namespaces/${this.options.namespace}/pods/${pod.metadata.name}/status`;
    this.statusWrites++;
    const resourceVersion = await this.send(
      "PATCH",
      path,
      { status },
      "application/strategic-merge-patch+json",
    ).catch(() => undefined);
    if (resourceVersion !== undefined) {
      const name = pod.metadata.name;
      if (resourceVersion > (this.written.get(name) ?? 0n)) this.written.set(name, resourceVersion);
    }
  }

  /** Sends one request on the kept-alive connection (once more on a fresh one if the server had closed it); resolves with the written object's resourceVersion. */
  private send(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
    isRetry = false,
  ): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const options = apiRequestOptions(this.connection, method, path, this.abort.signal, contentType);
      const req = request({ ...options, agent: this.agent }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("error", reject);
        res.on("end", () => {
          if ((res.statusCode ?? 0) >= 300) return reject(new Error(`${res.statusCode}`));
          try {
            const written = JSON.parse(text) as { metadata?: { resourceVersion?: string } };
            resolve(BigInt(written.metadata?.resourceVersion ?? "0"));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (!isRetry && req.reusedSocket && error.code === "ECONNRESET")
          resolve(this.send(method, path, body, contentType, true));
        else reject(error);
      });
      req.end(JSON.stringify(body));
    });
  }
}
