import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { Socket } from "node:net";
import type { Logger } from "../../shared/index.js";
import { encodeLaunchRequest, findNulString, LaunchFrameParser, type LaunchFrame } from "./launch-frames.js";
import type { LaunchEvents, Spawner } from "./launched-process.js";

/** A launch the server could not make, or lost because the server itself is gone. */
export class LaunchServerError extends Error {
  override readonly name = "LaunchServerError";
}

interface Launch {
  events: LaunchEvents;
  handle: { pid: number | undefined; isInit: boolean };
}

const STDERR_TAIL_CHARS = 2000;

/** PODVISOR_LAUNCH_SERVER=off: podvisor spawns the native launcher per container, without the server. */
export function isLaunchServerWanted(env: NodeJS.ProcessEnv): boolean {
  return env["PODVISOR_LAUNCH_SERVER"] !== "off";
}

/**
 * The client of `podvisor-launch --serve` (native/launch-server.c, issue 17): one long-lived,
 * small process that clones every namespaced container's PID 1 into its new namespaces (or, where
 * that fails, forks the launcher), so podvisor (hundreds of MB) never forks per container. Started at the first container, restarted at the next one after it
 * died; its own parent-death signal and the launcher's keep nothing alive past podvisor.
 */
export class LaunchServer {
  private child: ChildProcess | undefined;
  private starting: Promise<number> | undefined;
  private readonly launches = new Map<number, Launch>();
  private nextId = 1;
  private stderrTail = "";

  constructor(
    readonly launcherPath: string,
    private readonly logger: Logger,
  ) {}

  /** The server's pid (the launcher's expected parent), starting it first if it is not running. */
  start(): Promise<number> {
    this.starting ??= this.spawnServer().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Sends one launch to the server; its events arrive as node's spawn would give them. */
  readonly spawner: Spawner = ({ launch, env, cwd }, events) => {
    const handle = { pid: undefined as number | undefined, isInit: false };
    const child = this.child;
    const argv = [launch.command, ...launch.args];
    const nul = findNulString(argv, env);
    if (child?.stdin == null || nul !== undefined) {
      const why =
        nul === undefined
          ? this.describeGone()
          : `an argument or variable holds a NUL byte: ${JSON.stringify(nul)}`;
      queueMicrotask(() => events.failed(new LaunchServerError(why)));
      return handle;
    }
    const id = this.nextId;
    this.nextId = this.nextId === 0xffffffff ? 1 : this.nextId + 1;
    if (this.launches.size === 0) this.setKeepsAlive(child, true);
    this.launches.set(id, { events, handle });
    child.stdin.write(encodeLaunchRequest(id, argv, env, cwd));
    return handle;
  };

  /** Closes the server's stdin: it SIGKILLs whatever it still runs and exits. */
  close(): void {
    this.child?.stdin?.end();
  }

  private spawnServer(): Promise<number> {
    const child = spawn(this.launcherPath, ["--serve", String(process.pid)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.stderrTail = "";
    const parser = new LaunchFrameParser();
    child.stdout.on("data", (chunk: Buffer) => {
      try {
        for (const frame of parser.push(chunk)) this.dispatch(frame);
      } catch (error) {
        // Out of step with the server: it is ended, and with it what it runs ('close' reports).
        this.stderrTail += String(error);
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
    });
    child.stdin.on("error", () => undefined);
    child.once("close", (code, signal) => this.lost(child, code, signal));
    return new Promise((resolve, reject) => {
      child.once("error", (error) => {
        reject(
          new LaunchServerError(`the launcher server ${this.launcherPath} could not start: ${error.message}`),
        );
      });
      child.once("spawn", () => {
        this.child = child;
        this.setKeepsAlive(child, false);
        resolve(child.pid!);
      });
    });
  }

  private dispatch(frame: LaunchFrame): void {
    const launch = this.launches.get(frame.id);
    if (!launch) return;
    const { events, handle } = launch;
    switch (frame.type) {
      case "spawned":
        handle.pid = frame.pid;
        handle.isInit = frame.isInit;
        events.spawned();
        return;
      case "spawn-failed":
        this.forget(frame.id);
        events.failed(new LaunchServerError(frame.message));
        return;
      case "stdout":
      case "stderr":
      case "status":
        events[frame.type](frame.bytes);
        return;
      case "exited":
        this.forget(frame.id);
        events.exited();
        events.closed(frame.code, frame.signal === null ? null : signalName(frame.signal));
    }
  }

  /** The server is gone: its launchers died with it (parent-death signal), so did their containers. */
  private lost(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.starting = undefined;
    const lost = [...this.launches.values()];
    this.launches.clear();
    if (lost.length > 0) {
      this.logger.warn("the launcher server exited; its containers died with it", {
        launcher: this.launcherPath,
        code,
        signal,
        stderr: this.stderrTail,
      });
    }
    const how = signal ? `signal ${signal}` : `exit status ${String(code)}`;
    const stderr = this.stderrTail.trim();
    const why = `the launcher server ${this.launcherPath} exited (${how}${stderr ? `: ${stderr}` : ""})`;
    for (const { events, handle } of lost) {
      if (handle.pid === undefined) {
        events.failed(new LaunchServerError(why));
        continue;
      }
      events.exited();
      events.closed(null, "SIGKILL");
    }
  }

  private forget(id: number): void {
    this.launches.delete(id);
    if (this.launches.size === 0 && this.child) this.setKeepsAlive(this.child, false);
  }

  private describeGone(): string {
    return `the launcher server ${this.launcherPath} is not running`;
  }

  /** An idle server must not keep podvisor's event loop alive; one with launches must. */
  private setKeepsAlive(child: ChildProcess, keepsAlive: boolean): void {
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as (
      ChildProcess | Socket | null
    )[]) {
      if (keepsAlive) handle?.ref();
      else handle?.unref();
    }
  }
}

function signalName(signal: number): NodeJS.Signals | null {
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return (entry?.[0] as NodeJS.Signals | undefined) ?? null;
}
