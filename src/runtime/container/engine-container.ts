import type { Clock } from "../../shared/index.js";
import type { ContainerExit } from "../port.js";
import { signalFromExitCode } from "../../api/index.js";
import { isNotRunningRefusal } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { removeContainer } from "./pod-sandbox.js";

interface InspectedState {
  State?: { ExitCode?: number; OOMKilled?: boolean; FinishedAt?: string };
}

/**
 * One started engine container: its exit taken from the wait API — no polling — once both the
 * exit and its attached output (engine-attach.ts) are complete, so `exited` resolves only after
 * the last byte of output has been delivered. The container is removed after that, off the path
 * of whatever the exit lets start next; `removed` says when (the backend awaits it at teardown).
 */
export class EngineContainer {
  readonly exited: Promise<ContainerExit & { message?: string }>;
  /** Resolves once the exited container is gone from the engine. */
  readonly removed: Promise<void>;
  private hasExited = false;

  constructor(
    private readonly client: EngineClient,
    private readonly clock: Clock,
    readonly id: string,
    readonly startedAtMs: number,
    private readonly stopSignal: string,
    /** The wait API's answer (start-engine-container.ts registers it before the start). */
    waited: Promise<{ StatusCode: number }>,
    /** Resolves when the attached output stream has ended (engine-attach.ts). */
    logsDone: Promise<void>,
    /** Called once the container is gone (the backend forgets it). */
    onGone: () => void,
    /** The termination message for an exit code (termination-message.ts), read before removal. */
    private readonly readMessage: (exitCode: number) => Promise<string | undefined> = () =>
      Promise.resolve(undefined),
    /** The cgroup's word on an OOM kill, for engines whose inspect does not say (oom-kill-counter.ts). */
    private readonly wasOomKilled: Promise<boolean> = Promise.resolve(false),
  ) {
    this.exited = this.collectExit(waited, logsDone);
    this.removed = this.exited
      .catch(() => undefined)
      .then(() => removeContainer(client, id))
      .catch(() => undefined)
      .finally(onGone);
  }

  get isRunning(): boolean {
    return !this.hasExited;
  }

  /** Sends the stop signal, SIGKILLs once `gracePeriodMs` has passed on the clock, waits for the exit. */
  async stop(gracePeriodMs: number): Promise<void> {
    if (this.hasExited) return;
    if (gracePeriodMs > 0) await this.kill(this.stopSignal);
    const timer = new AbortController();
    const graceOver = this.clock.sleep(gracePeriodMs, timer.signal).then(
      () => true,
      () => false,
    );
    const isGraceOver = await Promise.race([this.exited.then(() => false), graceOver]);
    timer.abort();
    if (isGraceOver || gracePeriodMs <= 0) await this.kill("SIGKILL");
    await this.exited;
  }

  /** Sends a signal; a container that is no longer running or gone is fine (isNotRunningRefusal). */
  async kill(signal: string): Promise<void> {
    if (this.hasExited) return;
    try {
      await this.client.call({ method: "POST", path: `/containers/${this.id}/kill`, query: { signal } });
    } catch (error) {
      if (isNotRunningRefusal(error)) return;
      throw error;
    }
  }

  /** The engine's `OOMKilled`, else a SIGKILL (137) while the cgroup counted an OOM kill. */
  private async isOomKill(inspected: InspectedState | undefined, exitCode: number): Promise<boolean> {
    if (inspected?.State?.OOMKilled) return true;
    return exitCode === 137 && (await this.wasOomKilled);
  }

  private async collectExit(
    waited: Promise<{ StatusCode: number }>,
    logsDone: Promise<void>,
  ): Promise<ContainerExit & { message?: string }> {
    const waitResult = await waited.catch(() => undefined);
    const finishedAtMs = this.clock.now();
    this.hasExited = true;
    await logsDone;
    const inspected = await this.client
      .json<InspectedState>({ method: "GET", path: `/containers/${this.id}/json` })
      .catch(() => undefined);
    const exitCode = inspected?.State?.ExitCode ?? waitResult?.StatusCode ?? 137;
    const signal = signalFromExitCode(exitCode);
    const message = await this.readMessage(exitCode).catch(() => undefined);
    return {
      exitCode,
      ...(message !== undefined ? { message } : {}),
      ...(signal ? { signal } : {}),
      reason: (await this.isOomKill(inspected, exitCode))
        ? "OOMKilled"
        : exitCode === 0
          ? "Completed"
          : "Error",
      startedAtMs: this.startedAtMs,
      finishedAtMs: Math.max(finishedAtMs, this.startedAtMs),
    };
  }
}
