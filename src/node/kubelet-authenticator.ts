/**
 * Who is calling the kubelet API, decided as the kubelet's delegating authenticator does
 * (cmd/kubelet/app/auth.go `BuildAuthn`, apiserver `authenticatorfactory.DelegatingAuthenticatorConfig`):
 * the union of the x509 client-certificate authenticator (`--client-ca-file`: CommonName is the
 * user, Organizations the groups) and, with `--authentication-token-webhook`, the bearer token
 * checked by a TokenReview against the API server (results cached `CacheTTL`, 2 min, both
 * authenticated and unauthenticated answers; errors are not cached). The first that succeeds
 * names the user, who gets the group `system:authenticated`; when none does and one failed (a
 * certificate the CA did not sign, an invalid token) the request is refused; when the request
 * carried no credentials at all it is `system:anonymous` (group `system:unauthenticated`) if
 * `--anonymous-auth` is on, else refused.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../shared/index.js";
import { ExpiringCache } from "./expiring-cache.js";
import type { KubeletUser } from "./kubelet-authorizer.js";
import type { KubeRequester } from "./pod-status-manager.js";

/** What the request presented. */
export interface KubeletCredentials {
  /** A client certificate: the user it names when the client CA verified it, else `undefined`. */
  certificate?: { verifiedUser: KubeletUser | undefined };
  /** The token of an `Authorization: Bearer` header. */
  bearerToken?: string;
}

export type AuthenticationResult =
  { isAuthenticated: true; user: KubeletUser } | { isAuthenticated: false; reason: string };

/** The token half: a user, `undefined` for a token the API server does not accept. */
export type TokenAuthenticator = (token: string) => Promise<KubeletUser | undefined>;

export interface KubeletAuthenticatorOptions {
  /** `--authentication-token-webhook`; absent: bearer tokens are not looked at. */
  tokens?: TokenAuthenticator;
  /** `--anonymous-auth`. */
  isAnonymousEnabled: boolean;
}

export type KubeletAuthenticator = (credentials: KubeletCredentials) => Promise<AuthenticationResult>;

export const anonymousUser: KubeletUser = { name: "system:anonymous", groups: ["system:unauthenticated"] };

export function kubeletAuthenticator(options: KubeletAuthenticatorOptions): KubeletAuthenticator {
  return async ({ certificate, bearerToken }) => {
    const failures: string[] = [];
    if (certificate !== undefined) {
      if (certificate.verifiedUser !== undefined) return authenticated(certificate.verifiedUser);
      failures.push("x509: a client certificate --client-ca-file did not verify, or one naming no user");
    }
    if (options.tokens !== undefined && bearerToken !== undefined && bearerToken !== "") {
      try {
        const user = await options.tokens(bearerToken);
        if (user !== undefined) return authenticated(user);
        failures.push("invalid bearer token");
      } catch (error) {
        failures.push(`token review: ${String(error)}`);
      }
    }
    if (failures.length > 0) return { isAuthenticated: false, reason: failures.join("; ") };
    if (options.isAnonymousEnabled) return { isAuthenticated: true, user: anonymousUser };
    return { isAuthenticated: false, reason: "no credentials" };
  };
}

/** apiserver `group.AuthenticatedGroupAdder`: every authenticated user is in `system:authenticated`. */
function authenticated(user: KubeletUser): AuthenticationResult {
  const groups = user.groups.includes("system:authenticated")
    ? user.groups
    : [...user.groups, "system:authenticated"];
  return { isAuthenticated: true, user: { ...user, groups } };
}

/** kubelet `--authentication-token-webhook-cache-ttl` default. */
export const tokenReviewCacheTtlMs = 2 * 60_000;
const maxCachedTokens = 4096;

/**
 * The webhook token authenticator: a TokenReview per token not in the cache. An answer with
 * `status.error` and not authenticated is an error, as apiserver's webhook authenticator makes it,
 * and is not cached; a failed request rejects (the request is refused, 401).
 */
export function tokenReviewAuthenticator(client: KubeRequester, clock: Clock): TokenAuthenticator {
  const cache = new ExpiringCache<KubeletUser | null>(clock, maxCachedTokens);
  return async (token) => {
    // Keyed by a digest, as the apiserver's token cache is: the tokens themselves are not kept.
    const key = createHash("sha256").update(token).digest("base64");
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const review = await client.requestJson("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token },
    });
    const status = (review.status ?? {}) as {
      authenticated?: unknown;
      error?: unknown;
      user?: { username?: unknown; uid?: unknown; groups?: unknown; extra?: unknown };
    };
    if (status.authenticated !== true) {
      if (typeof status.error === "string" && status.error !== "") throw new Error(status.error);
      cache.set(key, null, tokenReviewCacheTtlMs);
      return undefined;
    }
    const user: KubeletUser = {
      name: typeof status.user?.username === "string" ? status.user.username : "",
      groups: Array.isArray(status.user?.groups)
        ? status.user.groups.filter((g): g is string => typeof g === "string")
        : [],
      ...(typeof status.user?.uid === "string" && status.user.uid !== "" ? { uid: status.user.uid } : {}),
      ...(isStringListMap(status.user?.extra) ? { extra: status.user.extra } : {}),
    };
    cache.set(key, user, tokenReviewCacheTtlMs);
    return user;
  };
}

function isStringListMap(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === "string"))
  );
}
