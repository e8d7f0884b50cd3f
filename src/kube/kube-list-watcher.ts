/**
 * A ListWatcher over the API server for one collection path (`/api/v1/namespaces`,
 * `/apis/apps.kruise.io/v1beta1/sidecarsets`), with an optional field selector.
 */
import type { KubeClient } from "./kube-client.js";
import type { ListResult, ListWatcher } from "./list-watcher.js";
import { isRecord, type Fields } from "../api/index.js";
import { KubeApiError } from "./kube-api-error.js";

export function kubeListWatcher(
  client: KubeClient,
  collectionPath: string,
  selectors: { fieldSelector?: string; labelSelector?: string } = {},
): ListWatcher {
  const query = (params: Record<string, string>) => {
    const search = new URLSearchParams(params);
    if (selectors.fieldSelector) search.set("fieldSelector", selectors.fieldSelector);
    if (selectors.labelSelector) search.set("labelSelector", selectors.labelSelector);
    return `${collectionPath}?${search.toString()}`;
  };
  return {
    async list(resourceVersion, signal): Promise<ListResult> {
      const params: Record<string, string> = resourceVersion === "" ? {} : { resourceVersion };
      const list = await client.requestJson("GET", query(params), undefined, signal);
      const items = Array.isArray(list.items) ? list.items.filter(isRecord) : [];
      const meta = isRecord(list.metadata) ? list.metadata : {};
      if (typeof meta.resourceVersion !== "string")
        throw new KubeApiError(`list ${collectionPath}: no metadata.resourceVersion`, 200, undefined);
      // A list's items carry no apiVersion/kind; the watch's do. Keep them alike.
      const kind = typeof list.kind === "string" ? list.kind.replace(/List$/, "") : undefined;
      return {
        items: items.map((item: Fields) =>
          kind && item.kind === undefined ? { apiVersion: list.apiVersion, kind, ...item } : item,
        ),
        resourceVersion: meta.resourceVersion,
      };
    },
    watch(options, onEvent, signal) {
      return client.watch(
        query({
          watch: "1",
          resourceVersion: options.resourceVersion,
          timeoutSeconds: String(options.timeoutSeconds),
          allowWatchBookmarks: String(options.allowWatchBookmarks),
        }),
        onEvent,
        signal,
      );
    },
  };
}
