/**
 * Pod and Job files in the state directory, written atomically (a reader in another terminal sees
 * the old or the new file, never half of one) and coalesced: a status change is written at once
 * when the object was not written in the last `intervalMs`, else once at the end of that interval
 * with the latest value. A pod with 2000 containers changes status thousands of times while it
 * starts; writing its whole JSON each time made starting it quadratic. A failed write is reported
 * through `onError`, never thrown. Writes happen off podvisor's thread (`settled()` waits for
 * them); `flushAll()` at the end writes what is left.
 */
import { renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type { Clock } from "../shared/index.js";

interface Pending {
  value: unknown;
  pod: { namespace: string; name: string } | undefined;
}

export class CoalescedJsonWriter {
  private readonly lastWriteMs = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<string, AbortController>();
  /** One write per path at a time, so the renames land in the order the values came. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private isClosing = false;

  constructor(
    private readonly options: {
      /** Without a clock every write starts at once. */
      clock?: Clock;
      intervalMs: number;
      onError: (path: string, error: Error, pod?: { namespace: string; name: string }) => void;
    },
  ) {}

  write(path: string, value: unknown, pod?: { namespace: string; name: string }): void {
    this.pending.set(path, { value, pod });
    this.schedule(path);
  }

  /** Resolves once every write started so far (and any it left pending) has landed. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /** Writes every pending value now (the run is ending), after the writes in flight. */
  async flushAll(): Promise<void> {
    this.isClosing = true;
    for (const abort of this.timers.values()) abort.abort();
    this.timers.clear();
    await this.settled();
    for (const [path, { value, pod }] of this.pending) {
      try {
        writeJsonAtomically(path, value);
      } catch (error) {
        this.options.onError(path, error as Error, pod);
      }
    }
    this.pending.clear();
  }

  /** Now when the path was not written in the last interval, else at its end; later while one is in flight. */
  private schedule(path: string): void {
    if (this.isClosing || this.timers.has(path) || this.inFlight.has(path)) return;
    const clock = this.options.clock;
    const sinceMs = clock === undefined ? Infinity : clock.now() - (this.lastWriteMs.get(path) ?? -Infinity);
    if (clock === undefined || sinceMs >= this.options.intervalMs) {
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

  /**
   * Issue 17: the write and the rename run on libuv's thread pool. Written synchronously, 1000
   * starting pods' status files held podvisor's one thread for seconds (mostly in rename).
   */
  private flush(path: string): void {
    const pending = this.pending.get(path);
    if (pending === undefined) return;
    this.pending.delete(path);
    this.lastWriteMs.set(path, this.options.clock?.now() ?? 0);
    const writing = writeJsonAtomicallyAsync(path, pending.value)
      .catch((error: unknown) => this.options.onError(path, error as Error, pending.pod))
      .finally(() => {
        this.inFlight.delete(path);
        if (this.pending.has(path)) this.schedule(path);
      });
    this.inFlight.set(path, writing);
  }
}

/** Atomic replace, so a reader in another terminal never sees half a file. */
export function writeJsonAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}

async function writeJsonAtomicallyAsync(path: string, value: unknown): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
