import { type Clock, ContainerStartError, SLEEP_ABORTED, type Logger } from "../../shared/index.js";
import type { ContainerExit, LogLine, LogSink } from "../port.js";
import type { LaunchCommand } from "./launch-command.js";
import { spawnWithNode, type LaunchedProcess, type Spawner } from "./launched-process.js";
import { createLineSplitter } from "./log-line-splitter.js";
import { findInitPid, sendSignal } from "./process-signals.js";
import { canonicalSignal, exitCodeForSignal, signalFromExitCode, type NamedSignal } from "../../api/index.js";

export interface ProcessContainerOptions {
  id: string;
  name: string;
  launch: LaunchCommand;
  env: Record<string, string>;
  cwd: string;
  /** True when `launch` runs argv as PID 1 of a new pid namespace and reports on fd 3. */
  isNamespaced: boolean;
  /** What starts `launch`: node's spawn by default, or the launcher server (launch-server.ts). */
  spawner?: Spawner;
  stopSignal: NamedSignal;
  clock: Clock;
  logger: Logger;
  onLog: LogSink;
}

/**
 * One running container: a process group whose leader was spawned for it (by node, or by the
 * launcher server). Exit is observed once every byte of stdout/stderr has been read (node's
 * 'close', the server's "exited"), never polled.
 */
export class ProcessContainer {
  readonly id: string;
  startedAtMs = 0;
  readonly exited: Promise<ContainerExit>;
  private hasExited = false;
  private stopping: Promise<void> | undefined;
  private initPid: number | undefined;
  private readonly child: LaunchedProcess;
  private readonly started: Promise<void>;
  private resolveExit!: (exit: ContainerExit) => void;

  private constructor(private readonly options: ProcessContainerOptions) {
    this.id = options.id;
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    let child: LaunchedProcess | undefined;
    this.started = new Promise<void>((resolve, reject) => {
      child = this.launch(resolve, reject);
    });
    this.child = child!;
  }

  /** Spawns the container; resolves once argv is running, throws ContainerStartError if it cannot start. */
  static async start(options: ProcessContainerOptions): Promise<ProcessContainer> {
    const container = new ProcessContainer(options);
    await container.started;
    return container;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return !this.hasExited;
  }

  /** Host pid of the container's PID 1 (its init), for signals and nsenter. */
  get pid1(): number | undefined {
    if (!this.options.isNamespaced || this.child.isInit) return this.child.pid;
    // Never the launcher shell: signalling it would SIGKILL PID 1 through pdeathsig.
    this.initPid ??= findInitPid(this.child.pid);
    return this.initPid;
  }

  private launch(resolve: () => void, reject: (error: ContainerStartError) => void): LaunchedProcess {
    const { clock, onLog, isNamespaced, name, launch, env, cwd } = this.options;
    let logsEnabled = false;
    // Output can be read before the fd 3 "started" line is; hold it until then, in order.
    const early: LogLine[] = [];
    const sink: LogSink = (line) => (logsEnabled ? onLog(line) : early.push(line));
    const stdout = createLineSplitter("stdout", clock, sink);
    const stderr = createLineSplitter("stderr", clock, sink);
    let startError: ContainerStartError | undefined;
    let statusText = "";
    const markStarted = () => {
      this.startedAtMs = clock.now();
      logsEnabled = true;
      for (const line of early.splice(0)) onLog(line);
      resolve();
    };
    const spawner = this.options.spawner ?? spawnWithNode;
    const child: LaunchedProcess = spawner(
      { launch, env, cwd, hasStatus: isNamespaced },
      {
        spawned: () => {
          if (!isNamespaced) markStarted();
        },
        failed: (error) => {
          startError = new ContainerStartError(
            `container "${name}": ${describeSpawnError(error, launch.command)}`,
            "RunContainerError",
            error,
          );
          if (child.pid === undefined) {
            this.hasExited = true;
            reject(startError);
          }
        },
        stdout: (chunk) => stdout.push(chunk),
        stderr: (chunk) => stderr.push(chunk),
        status: (chunk) => {
          if (logsEnabled || startError) return;
          statusText += chunk.toString("utf8");
          const newline = statusText.indexOf("\n");
          if (newline === -1) return;
          const line = statusText.slice(0, newline);
          if (line === "started") {
            this.initPid = child.isInit ? child.pid : findInitPid(child.pid);
            markStarted();
          } else {
            startError = new ContainerStartError(
              `container "${name}": ${line.replace(/^error /, "")}`,
              "RunContainerError",
            );
          }
        },
        exited: () => {
          // Kubernetes ends a container with its PID 1; without namespaces, kill what it left behind.
          if (!isNamespaced) this.killGroup();
        },
        closed: (code, signal) => {
          this.hasExited = true;
          stdout.end();
          stderr.end();
          if (!logsEnabled) {
            const output = early
              .map((l) => l.text)
              .join("\n")
              .slice(-2000);
            const detail = output === "" ? "" : `: ${output}`;
            reject(
              startError ??
                new ContainerStartError(
                  `container "${name}" exited before it started${detail}`,
                  "RunContainerError",
                ),
            );
            return;
          }
          const exitCode = signal ? exitCodeForSignal(signal) : (code ?? 0);
          const exitSignal = (signal ? canonicalSignal(signal) : undefined) ?? signalFromExitCode(exitCode);
          this.resolveExit({
            exitCode,
            ...(exitSignal ? { signal: exitSignal } : {}),
            reason: exitCode === 0 ? "Completed" : "Error",
            startedAtMs: this.startedAtMs,
            finishedAtMs: clock.now(),
          });
        },
      },
    );
    return child;
  }

  /** Sends the stop signal to PID 1, SIGKILL after the grace period; resolves once exited. */
  stop(gracePeriodMs: number): Promise<void> {
    if (this.hasExited) return Promise.resolve();
    this.stopping ??= (async () => {
      this.signalInit(this.options.stopSignal);
      const exitedOrStopped = new AbortController();
      void this.exited.then(() => exitedOrStopped.abort(SLEEP_ABORTED));
      try {
        await this.options.clock.sleep(gracePeriodMs, exitedOrStopped.signal);
        this.options.logger.debug("grace period over; killing container", { id: this.id, gracePeriodMs });
        this.kill();
      } catch {
        // exited within the grace period
      }
      await this.exited;
    })();
    return this.stopping;
  }

  /** SIGKILL for PID 1 (the kernel then kills its whole pid namespace) and the process group. Synchronous. */
  kill(): void {
    if (this.hasExited) return;
    const initPid = this.options.isNamespaced ? this.pid1 : undefined;
    if (initPid !== undefined) sendSignal(initPid, "SIGKILL");
    this.killGroup();
  }

  private killGroup(): void {
    if (this.child.pid !== undefined) sendSignal(-this.child.pid, "SIGKILL");
  }

  private signalInit(signal: NamedSignal): void {
    const pid = this.pid1;
    if (pid !== undefined) sendSignal(pid, signal);
  }
}

/** containerd's wording for a program that cannot be executed. */
function describeSpawnError(error: NodeJS.ErrnoException, program: string): string {
  if (error.code === "ENOENT") {
    return program.includes("/")
      ? `exec: "${program}": stat ${program}: no such file or directory`
      : `exec: "${program}": executable file not found in $PATH`;
  }
  if (error.code === "EACCES") return `exec: "${program}": permission denied`;
  return error.message;
}
