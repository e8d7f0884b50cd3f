/**
 * A bounded cache whose entries expire (the webhook authenticator's and authorizer's result
 * caches, apiserver `pkg/authentication/token/cache` and `plugin/pkg/authorizer/webhook`): each
 * entry lives its own TTL on the injected clock; beyond `maxEntries` the oldest entry goes, so a
 * caller sending ever new tokens cannot grow the node's memory.
 */
import type { Clock } from "../shared/index.js";

export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs > this.clock.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs: this.clock.now() + ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
