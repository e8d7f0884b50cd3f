/**
 * The kubelet's token manager (pkg/kubelet/token/token_manager.go) for projected
 * `serviceAccountToken` sources: a token per pod, ServiceAccount, audience and expirationSeconds,
 * requested with the TokenRequest API bound to the pod (`boundObjectRef`), cached, and requested
 * again once it requires refresh — older than 80 % of its lifetime, or than 24 h, less a jitter of
 * up to 10 s (`requiresRefresh`). A failed refresh keeps serving the cached token until it expires
 * (then it is an error); expired tokens leave the cache. The pod's volume shows a new token at the
 * next pod sync (`--sync-frequency`), as the kubelet's remount does.
 */
import type { Pod } from "../api/index.js";
import type { Clock, Logger } from "../shared/index.js";
import { tokenRequestKeys, type ServiceAccountToken, type TokenRequestKey } from "../podspec/index.js";
import type { KubeRequester } from "./pod-status-manager.js";

const maxTtlMs = 24 * 60 * 60_000;
const maxJitterMs = 10_000;

interface CachedToken {
  token: string;
  expiresAtMs: number;
  expirationSeconds: number;
}

export interface ServiceAccountTokensDeps {
  client: KubeRequester;
  clock: Clock;
  /** Uniform in [0, 1): the refresh jitter. */
  random: () => number;
  logger: Logger;
}

export class ServiceAccountTokens {
  private readonly cache = new Map<string, CachedToken>();

  constructor(private readonly deps: ServiceAccountTokensDeps) {}

  /** Every token the pod's projected volumes hold; rejects when one cannot be had. */
  async forPod(pod: Pod, signal?: AbortSignal): Promise<ServiceAccountToken[]> {
    const tokens: ServiceAccountToken[] = [];
    for (const key of tokenRequestKeys(pod)) tokens.push({ ...key, token: await this.get(pod, key, signal) });
    return tokens;
  }

  /** `GetServiceAccountToken`. */
  private async get(pod: Pod, key: TokenRequestKey, signal?: AbortSignal): Promise<string> {
    this.dropExpired();
    const namespace = pod.metadata.namespace ?? "default";
    const serviceAccount = pod.spec.serviceAccountName || "default";
    const cacheKey = JSON.stringify([
      serviceAccount,
      namespace,
      key.audience,
      key.expirationSeconds,
      pod.metadata.uid,
    ]);
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined && !this.requiresRefresh(cached)) return cached.token;
    let fresh: CachedToken;
    try {
      fresh = await this.request(pod, namespace, serviceAccount, key, signal);
    } catch (error) {
      if (cached === undefined) throw error;
      // expired() was checked by dropExpired: the cached token is still valid.
      this.deps.logger.warn(`couldn't update the token of ServiceAccount ${namespace}/${serviceAccount}`, {
        error: String(error),
      });
      return cached.token;
    }
    this.cache.set(cacheKey, fresh);
    return fresh.token;
  }

  private requiresRefresh(cached: CachedToken): boolean {
    const nowMs = this.deps.clock.now();
    const lifetimeMs = cached.expirationSeconds * 1000;
    const issuedAtMs = cached.expiresAtMs - lifetimeMs;
    // Whole seconds, as the kubelet's time.Duration(rand.Float64()*10) * time.Second.
    const jitterMs = Math.floor(this.deps.random() * (maxJitterMs / 1000)) * 1000;
    if (nowMs > issuedAtMs + maxTtlMs - jitterMs) return true;
    return nowMs > cached.expiresAtMs - Math.floor((cached.expirationSeconds * 20) / 100) * 1000 - jitterMs;
  }

  private dropExpired(): void {
    const nowMs = this.deps.clock.now();
    for (const [key, cached] of this.cache) if (nowMs > cached.expiresAtMs) this.cache.delete(key);
  }

  private async request(
    pod: Pod,
    namespace: string,
    serviceAccount: string,
    key: TokenRequestKey,
    signal?: AbortSignal,
  ): Promise<CachedToken> {
    const answer = await this.deps.client.requestJson(
      "POST",
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(serviceAccount)}/token`,
      {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {
          ...(key.audience !== "" ? { audiences: [key.audience] } : {}),
          expirationSeconds: key.expirationSeconds,
          boundObjectRef: { apiVersion: "v1", kind: "Pod", name: pod.metadata.name, uid: pod.metadata.uid },
        },
      },
      signal,
    );
    const status = (answer.status ?? {}) as { token?: unknown; expirationTimestamp?: unknown };
    const spec = (answer.spec ?? {}) as { expirationSeconds?: unknown };
    const expiresAtMs =
      typeof status.expirationTimestamp === "string" ? Date.parse(status.expirationTimestamp) : NaN;
    if (typeof status.token !== "string" || Number.isNaN(expiresAtMs))
      throw new Error(
        `TokenRequest for ServiceAccount ${namespace}/${serviceAccount}: no token in the answer`,
      );
    // The API server may shorten the lifetime it was asked for (--service-account-max-token-expiration).
    const expirationSeconds =
      typeof spec.expirationSeconds === "number" ? spec.expirationSeconds : key.expirationSeconds;
    return { token: status.token, expiresAtMs, expirationSeconds };
  }
}
