/**
 * The ConfigMaps and Secrets a pod names, fetched from the API server before its worker starts
 * (the kubelet's configmap/secret managers, "Get" strategy), and the ServiceAccount tokens of its
 * projected volumes (the token manager). A required one that does not exist is reported by name
 * (`missing`: the pod is rejected) — except one a projected volume names (`awaited`: the pod waits
 * for it, as the kubelet's mount is retried until it appears; the ServiceAccount admission's
 * kube-root-ca.crt may be published a moment after the namespace's first pod); optional ones that
 * are missing are left out, as the kubelet does. An API
 * server that does not answer (refused, reset, the request timeout) is asked again with the
 * reflector's back-off, as the kubelet's pod sync retries a pod whose objects it cannot read.
 */
import { listObjectReferences, type ConfigMap, type Pod, type Secret } from "../api/index.js";
import { Backoff, KubeApiError, reflectorBackoff } from "../kube/index.js";
import type { Clock, Logger } from "../shared/index.js";
import type { ServiceAccountToken } from "../podspec/index.js";
import type { KubeRequester } from "./pod-status-manager.js";
import type { ServiceAccountTokens } from "./service-account-tokens.js";

export interface PodObjects {
  configMaps: ConfigMap[];
  secrets: Secret[];
  serviceAccountTokens: ServiceAccountToken[];
  /** "ConfigMap ns/name (spec.containers[0].envFrom[0].configMapRef.name)" per missing required object. */
  missing: string[];
  /** The same for a projected volume's source: waited for, not rejected. */
  awaited: string[];
}

export async function fetchPodObjects(
  client: KubeRequester,
  pod: Pod,
  signal: AbortSignal,
  tokens?: ServiceAccountTokens,
): Promise<PodObjects> {
  const namespace = pod.metadata.namespace ?? "default";
  const result: PodObjects = {
    configMaps: [],
    secrets: [],
    serviceAccountTokens: [],
    missing: [],
    awaited: [],
  };
  const fetched = new Set<string>();
  for (const ref of listObjectReferences(pod.spec, "spec")) {
    const key = `${ref.kind}/${ref.name}`;
    if (fetched.has(key)) continue;
    fetched.add(key);
    const resource = ref.kind === "ConfigMap" ? "configmaps" : "secrets";
    try {
      const object = await client.requestJson(
        "GET",
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(ref.name)}`,
        undefined,
        signal,
      );
      if (ref.kind === "ConfigMap")
        result.configMaps.push({ ...(object as unknown as ConfigMap), kind: "ConfigMap" });
      else result.secrets.push({ ...(object as unknown as Secret), kind: "Secret" });
    } catch (error) {
      if (!(error instanceof KubeApiError && error.statusCode === 404)) throw error;
      if (ref.optional) continue;
      const what = `${ref.kind} ${namespace}/${ref.name} (${ref.path})`;
      (ref.path.includes(".projected.") ? result.awaited : result.missing).push(what);
    }
  }
  if (tokens !== undefined) result.serviceAccountTokens = await tokens.forPod(pod, signal);
  return result;
}

export interface ObjectRetryDeps {
  client: KubeRequester;
  tokens: ServiceAccountTokens;
  clock: Clock;
  random: () => number;
  logger: Logger;
  signal: AbortSignal;
  /** False once the pod no longer needs them (deleted, the node shutting down): stop asking. */
  isWanted: () => boolean;
}

/**
 * `fetchPodObjects` until the API server answers (a 404 is an answer) and every awaited object
 * exists; undefined when `signal` aborted or the pod stopped wanting them first.
 */
export async function fetchPodObjectsUntilAnswered(
  pod: Pod,
  deps: ObjectRetryDeps,
): Promise<PodObjects | undefined> {
  const backoff = new Backoff(reflectorBackoff, deps.random);
  while (!deps.signal.aborted && deps.isWanted()) {
    let problem: string;
    try {
      const objects = await fetchPodObjects(deps.client, pod, deps.signal, deps.tokens);
      if (objects.awaited.length === 0) return objects;
      problem = `${objects.awaited.join(", ")} not found`;
    } catch (error) {
      if (deps.signal.aborted) return undefined;
      problem = String(error);
    }
    const delayMs = backoff.delayMs(deps.clock.now());
    deps.logger.warn(
      `pod ${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}: cannot read its ConfigMaps, Secrets and tokens; retrying`,
      { error: problem, retryInMs: delayMs },
    );
    try {
      await deps.clock.sleep(delayMs, deps.signal);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
