/**
 * An in-memory collection behind the ListWatcher port, for Reflector tests: objects with
 * resourceVersions, one open watch at a time, and the API server's answers a test scripts
 * (410 Expired for versions older than `compactedBelow`, a closed stream, an ERROR event).
 */
import type { Fields } from "../../api/index.js";
import { KubeApiError } from "../kube-api-error.js";
import type { ListResult, ListWatcher, WatchEvent, WatchOptions } from "../list-watcher.js";

interface OpenWatch {
  options: WatchOptions;
  onEvent: (event: WatchEvent) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class FakeListWatcher implements ListWatcher {
  readonly listCalls: string[] = [];
  readonly watchCalls: WatchOptions[] = [];
  /** Lists and watches from a resourceVersion below this answer 410 Expired, as after compaction. */
  compactedBelow = 0;
  private revision = 100;
  private readonly objects = new Map<string, Fields>();
  private open: OpenWatch | undefined;
  private waiters: (() => void)[] = [];

  list(resourceVersion: string): Promise<ListResult> {
    this.listCalls.push(resourceVersion);
    this.notify();
    if (resourceVersion !== "" && resourceVersion !== "0" && Number(resourceVersion) < this.compactedBelow)
      return Promise.reject(expired(resourceVersion));
    return Promise.resolve({
      items: [...this.objects.values()].map((o) => structuredClone(o)),
      resourceVersion: String(this.revision),
    });
  }

  watch(options: WatchOptions, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    this.watchCalls.push(options);
    return new Promise((resolve, reject) => {
      if (Number(options.resourceVersion) < this.compactedBelow) {
        // The API server opens the watch and sends an ERROR event with the 410 Status.
        this.open = { options, onEvent, resolve, reject };
        this.sendError(410, "Expired");
      } else this.open = { options, onEvent, resolve, reject };
      signal.addEventListener("abort", () => resolve(), { once: true });
      this.notify();
    });
  }

  get watching(): boolean {
    return this.open !== undefined;
  }

  /** Resolves once the reflector has made `count` list+watch calls in total. */
  async calls(count: number): Promise<void> {
    while (this.listCalls.length + this.watchCalls.length < count)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  upsert(name: string, data: Fields = {}): void {
    const existed = this.objects.has(name);
    const object = { metadata: { name, resourceVersion: String(++this.revision) }, ...data };
    this.objects.set(name, object);
    this.deliver({ type: existed ? "MODIFIED" : "ADDED", object: structuredClone(object) });
  }

  remove(name: string): void {
    const object = this.objects.get(name);
    if (!object) return;
    this.objects.delete(name);
    this.deliver({
      type: "DELETED",
      object: { ...object, metadata: { name, resourceVersion: String(++this.revision) } },
    });
  }

  /** Changes the collection without telling the open watch (it is "down"). */
  removeSilently(name: string): void {
    this.objects.delete(name);
    this.revision++;
  }

  bookmark(): void {
    this.deliver({ type: "BOOKMARK", object: { metadata: { resourceVersion: String(++this.revision) } } });
  }

  /** The server ends the watch normally (its timeoutSeconds ran out). */
  closeWatch(): void {
    const open = this.open;
    this.open = undefined;
    open?.resolve();
  }

  sendError(code: number, reason: string): void {
    this.deliver({ type: "ERROR", object: { kind: "Status", code, reason, message: `fake ${reason}` } });
  }

  private deliver(event: WatchEvent): void {
    const open = this.open;
    if (!open) return;
    try {
      open.onEvent(event);
    } catch (error) {
      this.open = undefined;
      open.reject(error);
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function expired(resourceVersion: string): KubeApiError {
  return KubeApiError.fromStatus(
    { kind: "Status", code: 410, reason: "Expired", message: `too old resource version: ${resourceVersion}` },
    410,
    "list",
  );
}
