/**
 * Who may call the kubelet API, decided as the kubelet decides (pkg/kubelet/server/auth.go): a
 * request maps to `verb` on `nodes/<subresource>` named after the node (the subresource from the
 * path: /stats, /metrics, /logs → log, /checkpoint, …, everything else `proxy`, so
 * /containerLogs is `nodes/proxy`); in Webhook mode a SubjectAccessReview asks the API server,
 * with the webhook authorizer's cache (kubelet defaults: allowed answers kept 5 min, denials
 * 30 s); AlwaysAllow lets every authenticated user in.
 */
import type { Clock } from "../shared/index.js";
import { ExpiringCache } from "./expiring-cache.js";
import type { KubeRequester } from "./pod-status-manager.js";

export type KubeletAuthorizationMode = "Webhook" | "AlwaysAllow";
export const kubeletAuthorizationModes: readonly KubeletAuthorizationMode[] = ["Webhook", "AlwaysAllow"];

/** The authenticated caller (x509: CommonName and Organizations; a token: the TokenReview's user). */
export interface KubeletUser {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface KubeletRequestAttributes {
  user: KubeletUser;
  verb: string;
  resource: "nodes";
  subresource: string;
  name: string;
}

export type KubeletAuthorizer = (attributes: KubeletRequestAttributes) => Promise<boolean>;

const verbs: Record<string, string> = {
  POST: "create",
  GET: "get",
  PUT: "update",
  PATCH: "patch",
  DELETE: "delete",
};

const subresourcePrefixes: [string, string][] = [
  ["/stats", "stats"],
  ["/metrics", "metrics"],
  ["/logs", "log"],
  ["/checkpoint", "checkpoint"],
  ["/statusz", "statusz"],
  ["/flagz", "configz"],
];

/** kubelet `GetRequestAttributes` (KubeletFineGrainedAuthz aside). */
export function kubeletRequestAttributes(
  user: KubeletUser,
  method: string,
  path: string,
  nodeName: string,
): KubeletRequestAttributes {
  const isSubpath = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  const subresource = subresourcePrefixes.find(([prefix]) => isSubpath(prefix))?.[1] ?? "proxy";
  return { user, verb: verbs[method] ?? "", resource: "nodes", subresource, name: nodeName };
}

/** kubelet's `Forbidden (user=…, verb=…, resource=…, subresource(s)=[…])` answer. */
export function forbiddenMessage(attributes: KubeletRequestAttributes): string {
  const { user, verb, resource, subresource } = attributes;
  return `Forbidden (user=${user.name}, verb=${verb}, resource=${resource}, subresource(s)=[${subresource}])\n`;
}

/** kubelet `--authorization-webhook-cache-authorized-ttl` and `-unauthorized-ttl` defaults. */
export const allowedTtlMs = 5 * 60_000;
export const deniedTtlMs = 30_000;
const maxCachedDecisions = 4096;

/** Webhook mode: a SubjectAccessReview per distinct request, answers cached as the kubelet's webhook does. */
export function webhookAuthorizer(client: KubeRequester, clock: Clock): KubeletAuthorizer {
  const cache = new ExpiringCache<boolean>(clock, maxCachedDecisions);
  return async (attributes) => {
    const key = JSON.stringify(attributes);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const { user } = attributes;
    const review = await client.requestJson("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: user.name,
        groups: user.groups,
        ...(user.uid !== undefined ? { uid: user.uid } : {}),
        ...(user.extra !== undefined ? { extra: user.extra } : {}),
        resourceAttributes: {
          verb: attributes.verb,
          version: "v1",
          resource: attributes.resource,
          subresource: attributes.subresource,
          name: attributes.name,
        },
      },
    });
    const status = review.status as { allowed?: unknown } | undefined;
    const isAllowed = status?.allowed === true;
    cache.set(key, isAllowed, isAllowed ? allowedTtlMs : deniedTtlMs);
    return isAllowed;
  };
}

export const alwaysAllow: KubeletAuthorizer = () => Promise.resolve(true);
