import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { LaunchCommand } from "./launch-command.js";

/**
 * What ProcessContainer hears from the process that runs one container, whoever started it: node's
 * spawn (the shell chain, or no isolation) or the launcher server (launch-server.ts). The order is
 * node's: `spawned` or `failed` first, output and status chunks, `exited` once the process is
 * gone, `closed` once all of its output has been read as well.
 */
export interface LaunchEvents {
  spawned(): void;
  /** It could not be started (pid stays undefined), or its pipes failed (closed follows). */
  failed(error: NodeJS.ErrnoException): void;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** fd 3 of a namespaced launch: "started" or "error <message>", one line. */
  status(chunk: Buffer): void;
  exited(): void;
  closed(code: number | null, signal: NodeJS.Signals | null): void;
}

/** One started launch: the host pid of its process (a process group leader). */
export interface LaunchedProcess {
  readonly pid?: number | undefined;
  /** True when `pid` is the container's PID 1 itself (the launcher server cloned it), not a launcher. */
  readonly isInit?: boolean | undefined;
}

export interface LaunchRequest {
  launch: LaunchCommand;
  env: Record<string, string>;
  cwd: string;
  /** True when the launch reports on fd 3 (a namespaced launch). */
  hasStatus: boolean;
}

/** Starts one launch, delivering its events; what spawns it is the implementation's. */
export type Spawner = (request: LaunchRequest, events: LaunchEvents) => LaunchedProcess;

/** node's spawn, detached (its own process group), stdin from /dev/null. */
export const spawnWithNode: Spawner = ({ launch, env, cwd, hasStatus }, events) => {
  const child = spawn(launch.command, launch.args, {
    env,
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", hasStatus ? "pipe" : "ignore"],
  });
  child.stdout?.on("data", (chunk: Buffer) => events.stdout(chunk));
  child.stderr?.on("data", (chunk: Buffer) => events.stderr(chunk));
  const status = child.stdio[3] as Readable | null;
  status?.on("data", (chunk: Buffer) => events.status(chunk));
  status?.on("error", () => undefined);
  child.once("spawn", () => events.spawned());
  child.once("error", (error) => events.failed(error));
  child.once("exit", () => events.exited());
  child.once("close", (code, signal) => events.closed(code, signal));
  return child;
};
