import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { type Clock, ContainerStartError, type Logger } from "../../shared/index.js";
import type { ContainerExit, LogLine, LogSink } from "../port.js";
import type { LaunchCommand } from "./launch-command.js";
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
  stopSignal: NamedSignal;
  clock: Clock;
  logger: Logger;
  onLog: LogSink;
}

/**
 * One running container: a process group whose leader node spawned. Exit is observed from the
 * child's 'close' event (after every byte of stdout/stderr has been read), never polled.
 */
export class ProcessContainer {
  readonly id: string;
  startedAtMs = 0;
  readonly exited: Promise<ContainerExit>;
  private hasExited = false;
  private stopping: Promise<void> | undefined;
  private initPid: number | undefined;
  private readonly child: ChildProcess;
  private resolveExit!: (exit: ContainerExit) => void;

  private constructor(private readonly options: ProcessContainerOptions) {
    this.id = options.id;
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    const { launch, env, cwd, isNamespaced } = options;
    this.child = spawn(launch.command, launch.args, {
      env,
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", isNamespaced ? "pipe" : "ignore"],
    });
  }

  /** Spawns the container; resolves once argv is running, throws ContainerStartError if it cannot start. */
  static async start(options: ProcessContainerOptions): Promise<ProcessContainer> {
    const container = new ProcessContainer(options);
    await container.waitStarted();
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
    if (!this.options.isNamespaced) return this.child.pid;
    // Never the launcher shell: signalling it would SIGKILL PID 1 through pdeathsig.
    this.initPid ??= findInitPid(this.child.pid);
    return this.initPid;
  }

  private waitStarted(): Promise<void> {
    const { clock, onLog, isNamespaced, name } = this.options;
    const child = this.child;
    let logsEnabled = false;
    // Output can be read before the fd 3 "started" line is; hold it until then, in order.
    const early: LogLine[] = [];
    const sink: LogSink = (line) => (logsEnabled ? onLog(line) : early.push(line));
    const stdout = createLineSplitter("stdout", clock, sink);
    const stderr = createLineSplitter("stderr", clock, sink);
    const pipe = (stream: Readable | null, splitter: typeof stdout) => {
      stream?.on("data", (chunk: Buffer) => splitter.push(chunk));
      stream?.on("end", () => splitter.end());
    };
    pipe(child.stdout, stdout);
    pipe(child.stderr, stderr);

    return new Promise<void>((resolve, reject) => {
      let startError: ContainerStartError | undefined;
      child.once("error", (error) => {
        startError = new ContainerStartError(
          `container "${name}": ${describeSpawnError(error, this.options.launch.command)}`,
          "RunContainerError",
          error,
        );
        if (child.pid === undefined) {
          this.hasExited = true;
          reject(startError);
        }
      });
      child.once("exit", () => {
        // Kubernetes ends a container with its PID 1; without namespaces, kill what it left behind.
        if (!isNamespaced) this.killGroup();
      });
      child.once("close", (code, signal) => {
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
      });
      const markStarted = () => {
        this.startedAtMs = clock.now();
        logsEnabled = true;
        for (const line of early.splice(0)) onLog(line);
        resolve();
      };
      if (!isNamespaced) {
        child.once("spawn", markStarted);
        return;
      }
      const status = child.stdio[3] as Readable;
      let text = "";
      status.on("data", (chunk: Buffer) => {
        if (logsEnabled || startError) return;
        text += chunk.toString("utf8");
        const newline = text.indexOf("\n");
        if (newline === -1) return;
        const line = text.slice(0, newline);
        if (line === "started") {
          this.initPid = findInitPid(child.pid);
          markStarted();
        } else {
          startError = new ContainerStartError(
            `container "${name}": ${line.replace(/^error /, "")}`,
            "RunContainerError",
          );
        }
      });
      status.on("error", () => undefined);
    });
  }

  /** Sends the stop signal to PID 1, SIGKILL after the grace period; resolves once exited. */
  stop(gracePeriodMs: number): Promise<void> {
    if (this.hasExited) return Promise.resolve();
    this.stopping ??= (async () => {
      this.signalInit(this.options.stopSignal);
      const exitedOrStopped = new AbortController();
      void this.exited.then(() => exitedOrStopped.abort());
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
