/**
 * The ConfigMaps and Secrets a pod's env and volumes read, looked up by namespace and name. `run`
 * looks them up in the input's fixed lists (`lookupInLists`); `node` will look them up in an
 * informer's cache of the API server (kube/), as the kubelet's configmap and secret managers do.
 */
import type { ConfigMap, Secret } from "../api/index.js";

export interface ObjectLookup {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
}

/** A lookup over fixed lists; an object without a namespace is in "default". */
export function lookupInLists(objects: {
  configMaps: readonly ConfigMap[];
  secrets: readonly Secret[];
}): ObjectLookup {
  const find = <T extends ConfigMap | Secret>(list: readonly T[], namespace: string, name: string) =>
    list.find((o) => o.metadata.name === name && (o.metadata.namespace ?? "default") === namespace);
  return {
    configMap: (namespace, name) => find(objects.configMaps, namespace, name),
    secret: (namespace, name) => find(objects.secrets, namespace, name),
  };
}
