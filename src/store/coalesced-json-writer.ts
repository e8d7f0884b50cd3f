/**
 * Pod and Job files in the state directory, written atomically (a reader in another terminal sees
 * the old or the new file, never half of one) and coalesced: a status change is written at once
 * when the object was not written in the last `intervalMs`, else once at the end of that interval
 * with the latest value. A pod with 2000 containers changes status thousands of times while it
 * starts; writing its whole JSON each time made starting it quadratic. A failed write is reported
 * through `onError`, never thrown.
 */
import { renameSync, writeFileSync } from "node:fs";
import type { Clock } from "../shared/index.js";

interface Pending {
  value: unknown;
  pod: { namespace: string; name: string } | undefined;
}

export class CoalescedJsonWriter {
  private readonly lastWriteMs = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<string, AbortController>();

  constructor(
    private readonly options: {
      /** Without a clock every write happens at once. */
      clock?: Clock;
      intervalMs: number;
      onError: (path: string, error: Error, pod?: { namespace: string; name: string }) => void;
    },
  ) {}

  write(path: string, value: unknown, pod?: { namespace: string; name: string }): void {
    const clock = this.options.clock;
    if (clock === undefined) {
      this.writeNow(path, { value, pod });
      return;
    }
    this.pending.set(path, { value, pod });
    if (this.timers.has(path)) return;
    const sinceMs = clock.now() - (this.lastWriteMs.get(path) ?? -Infinity);
    if (sinceMs >= this.options.intervalMs) {
      this.flush(path);
      return;
    }
    const abort = new AbortController();
    this.timers.set(path, abort);
    clock.sleep(this.options.intervalMs - sinceMs, abort.signal).then(
      () => {
        this.timers.delete(path);
        this.flush(path);
      },
      () => undefined,
    );
  }

  /** Writes every pending value now (the run is ending). */
  flushAll(): void {
    for (const abort of this.timers.values()) abort.abort();
    this.timers.clear();
    for (const path of [...this.pending.keys()]) this.flush(path);
  }

  private flush(path: string): void {
    const pending = this.pending.get(path);
    if (pending === undefined) return;
    this.pending.delete(path);
    this.lastWriteMs.set(path, this.options.clock?.now() ?? 0);
    this.writeNow(path, pending);
  }

  private writeNow(path: string, { value, pod }: Pending): void {
    try {
      writeJsonAtomically(path, value);
    } catch (error) {
      this.options.onError(path, error as Error, pod);
    }
  }
}

/** Atomic replace, so a reader in another terminal never sees half a file. */
export function writeJsonAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}
