/**
 * Tiny builders for defaulted pods in engine tests: `makePod({ init: [sidecar("log")], containers: [container("app")] })`.
 */
import type { Container, Pod, RestartPolicy } from "../../api/index.js";

export interface PodOptions {
  init?: Container[];
  containers: Container[];
  restartPolicy?: RestartPolicy;
  graceSeconds?: number;
  activeDeadlineSeconds?: number;
  /** The podvisor.dev/wait-for annotation (docs/ordering.md). */
  waitFor?: string;
}

export function makePod(options: PodOptions): Pod {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "uid-1" },
    spec: {
      containers: options.containers,
      restartPolicy: options.restartPolicy ?? "Always",
      terminationGracePeriodSeconds: options.graceSeconds ?? 30,
    },
  };
  if (options.init) pod.spec.initContainers = options.init;
  if (options.waitFor !== undefined) pod.metadata.annotations = { "podvisor.dev/wait-for": options.waitFor };
  if (options.activeDeadlineSeconds !== undefined)
    pod.spec.activeDeadlineSeconds = options.activeDeadlineSeconds;
  return pod;
}

/** A regular container (or a regular init container when placed in `init`). */
export function container(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: "busybox", ...extra };
}

/** A sidecar: an init container with restartPolicy Always (KEP-753). */
export function sidecar(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: "busybox", restartPolicy: "Always", ...extra };
}

/** A preStop hook; the scenario driver decides how long it takes. */
export const withPreStop: Partial<Container> = {
  lifecycle: { preStop: { exec: { command: ["/bin/true"] } } },
};

/** A startup probe; the scenario driver reports its result. */
export const withStartupProbe: Partial<Container> = { startupProbe: { exec: { command: ["/bin/true"] } } };

/** A readiness probe; the scenario driver reports Success `readyAfterMs` after the start. */
export const withReadinessProbe: Partial<Container> = {
  readinessProbe: { exec: { command: ["/bin/true"] } },
};
