import type { Clock } from "../../shared/index.js";
import type { ContainerExit } from "../port.js";
import { signalFromExitCode } from "../../api/index.js";
import { isNotRunningRefusal } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { removeContainer } from "./pod-sandbox.js";

interface InspectedState {
  State?: { Status?: string; Running?: boolean; ExitCode?: number; OOMKilled?: boolean; FinishedAt?: string };
}

/** What told of the exit first: the wait API's status code, or an inspect that found the container exited. */
interface ExitSeen {
  statusCode?: number;
  inspected?: InspectedState;
}

/** After the output ended: how many inspects, how far apart, before the wait API alone decides. */
const EXIT_INSPECTS = 4;
const EXIT_INSPECT_GAP_MS = 25;

/** Docker's `exited`/`dead`; Podman's `stopped` (exited, its cleanup not yet run) too. */
function hasExited(inspected: InspectedState | undefined): boolean {
  const state = inspected?.State;
  return state?.Running === false && ["exited", "stopped", "dead"].includes(state.Status ?? "");
}

/**
 * One started engine container: its exit taken from the wait API — no polling — or, sooner, from
 * the end of its attached output (engine-attach.ts), which the engine closes when the container's
 * process ends: an inspect then finds it exited with its code, where Podman's wait answers only at
 * its next 250 ms look at the container (libpod `WaitForExit`), 0–250 ms later. An inspect that
 * still finds it running leaves the answer to the wait. `exited` resolves only after the last byte
 * of output has been delivered. The container is removed after that, off the path
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

  private inspect(): Promise<InspectedState | undefined> {
    return this.client
      .json<InspectedState>({ method: "GET", path: `/containers/${this.id}/json` })
      .catch(() => undefined);
  }

  /**
   * The inspect after the output ended, if it finds the container exited; else never (the wait
   * answers). The engine may close the output a moment before it has recorded the exit (Podman:
   * conmon writes the exit file after the streams), so a running answer is asked again, a few
   * times close together and no more: the wait API stays the authority.
   */
  private async inspectOnceExited(): Promise<ExitSeen> {
    for (let attempt = 0; attempt < EXIT_INSPECTS; attempt++) {
      if (attempt > 0) await this.clock.sleep(EXIT_INSPECT_GAP_MS);
      const inspected = await this.inspect();
      if (inspected !== undefined && hasExited(inspected)) return { inspected };
    }
    return new Promise<ExitSeen>(() => undefined);
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
    const seen = await Promise.race([
      waited.then(
        (answer): ExitSeen => ({ statusCode: answer.StatusCode }),
        (): ExitSeen => ({}),
      ),
      logsDone.then(() => this.inspectOnceExited()),
    ]);
    const finishedAtMs = this.clock.now();
    this.hasExited = true;
    await logsDone;
    const inspected = seen.inspected ?? (await this.inspect());
    const exitCode = inspected?.State?.ExitCode ?? seen.statusCode ?? 137;
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
