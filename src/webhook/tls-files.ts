/**
 * The serving certificate and key from files, reloaded when they change — as cert-manager
 * rotates a mounted Secret (an atomic symlink swap in the directory) or a test rewrites them —
 * without a restart: the directories are watched (fs.watch) and, since events can be missed on
 * some filesystems, the files are also re-read every `pollIntervalMs` (controller-runtime's
 * certwatcher does the same). A pair that does not load (a half-written file, a key that does
 * not match) keeps the previous one in service and is retried on the next change.
 */
import { readFileSync, watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createSecureContext } from "node:tls";
import type { Clock } from "../shared/index.js";
import { InvalidInputError } from "../shared/index.js";
import type { Logger } from "../shared/index.js";

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

export interface TlsFilesOptions {
  certFile: string;
  keyFile: string;
  clock: Clock;
  logger: Logger;
  pollIntervalMs: number;
}

export class TlsFiles {
  private current: TlsPair | undefined;

  constructor(private readonly options: TlsFilesOptions) {}

  /** The first pair; a user error (exit 2) when it cannot be read or does not load. */
  load(): TlsPair {
    const { certFile, keyFile } = this.options;
    let pair: TlsPair;
    try {
      pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch (error) {
      throw new InvalidInputError(`--tls-cert-file/--tls-key-file: ${(error as Error).message}`);
    }
    const problem = loadProblem(pair);
    if (problem)
      throw new InvalidInputError(`--tls-cert-file ${certFile} with --tls-key-file ${keyFile}: ${problem}`);
    this.current = pair;
    return pair;
  }

  /** Calls `onChange` with each new pair that loads, until `signal` aborts. */
  async watch(onChange: (pair: TlsPair) => void, signal: AbortSignal): Promise<void> {
    let pending = Promise.resolve();
    const check = () => {
      pending = pending.then(() => this.reload(onChange));
    };
    const watchers: FSWatcher[] = [];
    for (const dir of new Set([dirname(this.options.certFile), dirname(this.options.keyFile)])) {
      try {
        const watcher = watch(dir, { persistent: false }, check);
        watcher.on("error", () => watcher.close());
        watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn(`cannot watch ${dir}; polling only`, { error: String(error) });
      }
    }
    try {
      for (;;) {
        await this.options.clock.sleep(this.options.pollIntervalMs, signal);
        check();
      }
    } catch {
      // aborted
    } finally {
      for (const watcher of watchers) watcher.close();
      await pending;
    }
  }

  private async reload(onChange: (pair: TlsPair) => void): Promise<void> {
    let pair: TlsPair;
    try {
      pair = { cert: await readFile(this.options.certFile), key: await readFile(this.options.keyFile) };
    } catch (error) {
      this.options.logger.warn("cannot read the TLS files; keeping the current certificate", {
        error: String(error),
      });
      return;
    }
    if (this.current && pair.cert.equals(this.current.cert) && pair.key.equals(this.current.key)) return;
    const problem = loadProblem(pair);
    if (problem) {
      this.options.logger.warn(`the new TLS files do not load (${problem}); keeping the current certificate`);
      return;
    }
    this.current = pair;
    onChange(pair);
  }
}

function loadProblem(pair: TlsPair): string | undefined {
  try {
    createSecureContext({ cert: pair.cert, key: pair.key });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
