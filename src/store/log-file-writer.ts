/**
 * An append-only file the state directory writes (a container's CRI log, events.jsonl), built to
 * survive faults and bound its footprint:
 * - writes are synchronous, batched per microtask, so memory never holds more than one batch
 *   whatever a container prints (a WriteStream buffers without limit when the disk is slow);
 * - a write failure (a full disk, a removed directory) is reported once through `onError` and the
 *   batch is dropped, never thrown: the run and its output go on, and writing resumes when it can;
 * - with `rotation`, the file is rotated as the kubelet's container log manager rotates
 *   (pkg/kubelet/logs/container_log_manager.go): past `maxSizeBytes` it is renamed
 *   `<file>.<YYYYMMDD-HHMMSS.mmm>` and the oldest rotated files are removed so that at most
 *   `maxFiles` files remain, the current one included. podvisor rotates on the write that crosses
 *   the size (the kubelet checks every 10 s, so its files overshoot) and does not gzip.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

export interface LogRotation {
  /** kubelet containerLogMaxSize (default 10Mi). */
  maxSizeBytes: number;
  /** kubelet containerLogMaxFiles (default 5), the current file included; at least 2. */
  maxFiles: number;
}

export const defaultLogRotation: LogRotation = { maxSizeBytes: 10 * 1024 * 1024, maxFiles: 5 };

/** Largest batch held before it is written at once. */
const maxBatchBytes = 64 * 1024;

export class LogFileWriter {
  private fd: number | undefined;
  private sizeBytes = 0;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushQueued = false;
  private failing = false;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly options: {
      rotation?: LogRotation;
      now: () => number;
      /** A write failed (reported once until writing works again). */
      onError: (path: string, error: Error) => void;
    },
  ) {}

  write(data: string | Uint8Array): void {
    if (this.closed) return;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= maxBatchBytes) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Writes what is batched now. */
  flush(): void {
    this.flushQueued = false;
    if (this.batch.length === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    try {
      this.fd ??= this.open();
      for (let offset = 0; offset < data.length;)
        offset += writeSync(this.fd, data, offset, data.length - offset);
      this.sizeBytes += data.length;
      this.failing = false;
      if (this.options.rotation && this.sizeBytes >= this.options.rotation.maxSizeBytes) this.rotate();
    } catch (error) {
      if (!this.failing) this.options.onError(this.path, error as Error);
      this.failing = true;
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    const fd = openSync(this.path, "a", 0o600);
    this.sizeBytes = statSync(this.path).size;
    return fd;
  }

  private rotate(): void {
    const rotation = this.options.rotation!;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    let target = `${this.path}.${rotationSuffix(this.options.now())}`;
    for (let n = 1; existsSync(target); n++)
      target = `${this.path}.${rotationSuffix(this.options.now())}-${n}`;
    renameSync(this.path, target);
    this.sizeBytes = 0;
    const prefix = `${basename(this.path)}.`;
    const rotated = readdirSync(dirname(this.path))
      .filter((name) => name.startsWith(prefix))
      .sort();
    for (const name of rotated.slice(0, Math.max(0, rotated.length - (rotation.maxFiles - 1))))
      unlinkSync(join(dirname(this.path), name));
    // As the runtime reopens the container's log after the kubelet rotated it: a fresh file.
    this.fd = this.open();
  }
}

/** `20260101-000000.123` (kubelet's `20060102-150405`, plus milliseconds so names never collide). */
function rotationSuffix(nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  return `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}.${iso.slice(20, 23)}`;
}
