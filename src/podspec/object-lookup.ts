/**
 * The ConfigMaps and Secrets a pod's env and volumes read, looked up by namespace and name, and
 * the ServiceAccount tokens its projected volumes hold. `run` looks them up in the input's fixed
 * lists (`lookupInLists`; it has no tokens); `node` in what it fetched from the API server for
 * the pod (the kubelet's configmap and secret managers, and its token manager).
 */
import type { ConfigMap, Secret } from "../api/index.js";

/** What a `serviceAccountToken` projection asks for (the token is the pod's ServiceAccount's). */
export interface TokenRequestKey {
  /** "" for the API server's own audiences. */
  audience: string;
  expirationSeconds: number;
}

export interface ServiceAccountToken extends TokenRequestKey {
  token: string;
}

export interface ObjectLookup {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  /** The pod's token for this projection; undefined when none was fetched. */
  serviceAccountToken(key: TokenRequestKey): string | undefined;
}

/** The API's default `expirationSeconds` of a serviceAccountToken projection (1 h). */
export const defaultTokenExpirationSeconds = 3600;

/** A lookup over fixed lists; an object without a namespace is in "default". */
export function lookupInLists(objects: {
  configMaps: readonly ConfigMap[];
  secrets: readonly Secret[];
  serviceAccountTokens?: readonly ServiceAccountToken[];
}): ObjectLookup {
  const find = <T extends ConfigMap | Secret>(list: readonly T[], namespace: string, name: string) =>
    list.find((o) => o.metadata.name === name && (o.metadata.namespace ?? "default") === namespace);
  return {
    configMap: (namespace, name) => find(objects.configMaps, namespace, name),
    secret: (namespace, name) => find(objects.secrets, namespace, name),
    serviceAccountToken: (key) =>
      objects.serviceAccountTokens?.find(
        (t) => t.audience === key.audience && t.expirationSeconds === key.expirationSeconds,
      )?.token,
  };
}
