/**
 * The ConfigMaps and Secrets a pod names, fetched from the API server before its worker starts
 * (the kubelet's configmap/secret managers, "Get" strategy). A required one that does not exist is
 * reported by name; optional ones that are missing are left out, as the kubelet does. An API
 * server that does not answer (refused, reset, the request timeout) is asked again with the
 * reflector's back-off, as the kubelet's pod sync retries a pod whose objects it cannot read.
 */
import { listObjectReferences, type ConfigMap, type Pod, type Secret } from "../api/index.js";
import { Backoff, KubeApiError, reflectorBackoff } from "../kube/index.js";
import type { Clock, Logger } from "../shared/index.js";
import type { KubeRequester } from "./pod-status-manager.js";

export interface PodObjects {
  configMaps: ConfigMap[];
  secrets: Secret[];
  /** "ConfigMap ns/name (spec.containers[0].envFrom[0].configMapRef.name)" per missing required object. */
  missing: string[];
}

export async function fetchPodObjects(
  client: KubeRequester,
  pod: Pod,
  signal: AbortSignal,
): Promise<PodObjects> {
  const namespace = pod.metadata.namespace ?? "default";
  const result: PodObjects = { configMaps: [], secrets: [], missing: [] };
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
      if (!ref.optional) result.missing.push(`${ref.kind} ${namespace}/${ref.name} (${ref.path})`);
    }
  }
  return result;
}

export interface ObjectRetryDeps {
  client: KubeRequester;
  clock: Clock;
  random: () => number;
  logger: Logger;
  signal: AbortSignal;
  /** False once the pod no longer needs them (deleted, the node shutting down): stop asking. */
  isWanted: () => boolean;
}

/**
 * `fetchPodObjects` until the API server answers (a 404 is an answer); undefined when `signal`
 * aborted or the pod stopped wanting them first.
 */
export async function fetchPodObjectsUntilAnswered(
  pod: Pod,
  deps: ObjectRetryDeps,
): Promise<PodObjects | undefined> {
  const backoff = new Backoff(reflectorBackoff, deps.random);
  while (!deps.signal.aborted && deps.isWanted()) {
    try {
      return await fetchPodObjects(deps.client, pod, deps.signal);
    } catch (error) {
      if (deps.signal.aborted) return undefined;
      const delayMs = backoff.delayMs(deps.clock.now());
      deps.logger.warn(
        `pod ${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}: cannot read its ConfigMaps and Secrets; retrying`,
        { error: String(error), retryInMs: delayMs },
      );
      try {
        await deps.clock.sleep(delayMs, deps.signal);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
