/**
 * The port a Reflector lists and watches through (client-go `ListerWatcher`): one resource
 * collection. `kubeListWatcher` (kube-list-watcher.ts) implements it over HTTPS; tests use
 * testing/fake-list-watcher.ts.
 */
import type { Fields } from "../api/index.js";

export interface ListResult {
  items: Fields[];
  /** The list's `metadata.resourceVersion`: where the watch continues from. */
  resourceVersion: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent {
  type: WatchEventType;
  /** The object; for ERROR a `Status`. */
  object: Fields;
}

export interface WatchOptions {
  resourceVersion: string;
  timeoutSeconds: number;
  allowWatchBookmarks: boolean;
}

export interface ListWatcher {
  /** Rejects with a KubeApiError (410 when `resourceVersion` is too old). */
  list(resourceVersion: string, signal: AbortSignal): Promise<ListResult>;
  /**
   * Streams events to `onEvent` until the server closes the watch (resolves) or the request
   * fails (rejects with a KubeApiError). An ERROR event is delivered like any other.
   */
  watch(options: WatchOptions, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}
