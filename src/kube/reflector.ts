/**
 * An informer cache for one resource, following client-go's Reflector
 * (staging/src/k8s.io/client-go/tools/cache/reflector.go, v0.36):
 * - the first list asks for resourceVersion "0" (served from the watch cache), later relists for
 *   the last resourceVersion seen; a 410 Expired / too-large answer retries at once with "" (a
 *   quorum read) — `relistResourceVersion`;
 * - the watch continues from the list's resourceVersion with `allowWatchBookmarks` and a
 *   `timeoutSeconds` random in [5, 10) minutes to spread reconnects; a watch the server closes
 *   is reopened from the last resourceVersion; an ERROR 410 (Expired) ends the cycle and the
 *   next one relists; a watch that could not start because the server is unreachable or
 *   throttling (429) backs off and retries;
 * - between cycles it waits the reflector back-off (backoff.ts), as `wait.BackoffUntil` does;
 * - with `resyncPeriodMs`, every cached object is handed to the listeners again as a "sync"
 *   (client-go's resync: the cache is not re-read from the server).
 * `hasSynced` turns true after the first successful list, as an informer's HasSynced.
 */
import type { Fields } from "../api/index.js";
import { isRecord } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import type { Logger } from "../shared/index.js";
import { Backoff, reflectorBackoff } from "./backoff.js";
import {
  isExpired,
  isRetriableWatchStartError,
  isTooLargeResourceVersion,
  KubeApiError,
} from "./kube-api-error.js";
import type { ListWatcher, WatchEvent } from "./list-watcher.js";

export type CacheChange =
  { type: "added" | "updated" | "deleted" | "sync"; key: string; object: Fields } | { type: "replaced" };

export interface ReflectorOptions {
  /** For logs and metrics: "sidecarsets", "namespaces". */
  name: string;
  listWatcher: ListWatcher;
  clock: Clock;
  random: () => number;
  logger: Logger;
  resyncPeriodMs?: number;
  /** client-go's defaultMinWatchTimeout: 5 minutes. */
  minWatchTimeoutMs?: number;
}

/** A watch closed this soon without an event is an error (client-go: "very short watch"). */
const shortWatchMs = 1000;

export class Reflector {
  readonly name: string;
  private readonly objects = new Map<string, Fields>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private lastSyncResourceVersion = "";
  private isLastSyncResourceVersionUnavailable = false;
  private synced = false;
  private readonly backoff: Backoff;

  constructor(private readonly options: ReflectorOptions) {
    this.name = options.name;
    this.backoff = new Backoff(reflectorBackoff, options.random);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  get size(): number {
    return this.objects.size;
  }

  list(): Fields[] {
    return [...this.objects.values()];
  }

  get(key: string): Fields | undefined {
    return this.objects.get(key);
  }

  get resourceVersion(): string {
    return this.lastSyncResourceVersion;
  }

  subscribe(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const resync = this.options.resyncPeriodMs
      ? this.resyncLoop(this.options.resyncPeriodMs, signal)
      : undefined;
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (error) {
        if (signal.aborted) break;
        this.options.logger.warn(`${this.name}: list and watch failed`, { error: String(error) });
      }
      if (!(await this.sleep(this.backoff.delayMs(this.options.clock.now()), signal))) break;
    }
    await resync;
  }

  private async listAndWatch(signal: AbortSignal): Promise<void> {
    await this.relist(signal);
    const minMs = this.options.minWatchTimeoutMs ?? 5 * 60_000;
    while (!signal.aborted) {
      const timeoutSeconds = Math.floor((minMs + this.options.random() * minMs) / 1000);
      const startMs = this.options.clock.now();
      let events = 0;
      try {
        await this.options.listWatcher.watch(
          { resourceVersion: this.lastSyncResourceVersion, timeoutSeconds, allowWatchBookmarks: true },
          (event) => {
            events++;
            this.handle(event);
          },
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        if (isRetriableWatchStartError(error) && events === 0) {
          if (!(await this.sleep(this.backoff.delayMs(this.options.clock.now()), signal))) return;
          continue;
        }
        if (!isExpired(error))
          this.options.logger.warn(`${this.name}: watch ended with an error`, { error: String(error) });
        return;
      }
      if (events === 0 && this.options.clock.now() - startMs < shortWatchMs) {
        this.options.logger.warn(`${this.name}: very short watch: closed at once without an event`);
        return;
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    let result;
    try {
      result = await this.options.listWatcher.list(this.relistResourceVersion(), signal);
    } catch (error) {
      if (!isExpired(error) && !isTooLargeResourceVersion(error)) throw error;
      this.isLastSyncResourceVersionUnavailable = true;
      result = await this.options.listWatcher.list(this.relistResourceVersion(), signal);
    }
    this.replace(result.items);
    this.isLastSyncResourceVersionUnavailable = false;
    this.lastSyncResourceVersion = result.resourceVersion;
    this.synced = true;
  }

  private relistResourceVersion(): string {
    if (this.isLastSyncResourceVersionUnavailable) return "";
    return this.lastSyncResourceVersion === "" ? "0" : this.lastSyncResourceVersion;
  }

  private replace(items: readonly Fields[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      const key = objectKey(item);
      seen.add(key);
      this.objects.set(key, item);
    }
    for (const key of [...this.objects.keys()]) if (!seen.has(key)) this.objects.delete(key);
    this.emit({ type: "replaced" });
  }

  private handle(event: WatchEvent): void {
    if (event.type === "ERROR") throw KubeApiError.fromStatus(event.object, 500, `${this.name}: watch`);
    const meta = isRecord(event.object.metadata) ? event.object.metadata : {};
    if (event.type !== "BOOKMARK") {
      const key = objectKey(event.object);
      if (event.type === "DELETED") {
        this.objects.delete(key);
        this.emit({ type: "deleted", key, object: event.object });
      } else {
        const existed = this.objects.has(key);
        this.objects.set(key, event.object);
        this.emit({ type: existed ? "updated" : "added", key, object: event.object });
      }
    }
    if (typeof meta.resourceVersion === "string" && meta.resourceVersion !== "")
      this.lastSyncResourceVersion = meta.resourceVersion;
  }

  private async resyncLoop(periodMs: number, signal: AbortSignal): Promise<void> {
    while (await this.sleep(periodMs, signal))
      if (this.synced) for (const [key, object] of this.objects) this.emit({ type: "sync", key, object });
  }

  private emit(change: CacheChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** false when aborted. */
  private async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.options.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** `namespace/name`, or `name` for cluster-scoped objects (client-go MetaNamespaceKeyFunc). */
export function objectKey(object: Fields): string {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  return typeof meta.namespace === "string" && meta.namespace !== "" ? `${meta.namespace}/${name}` : name;
}
