/**
 * `podvisor ui [--state-dir DIR] [--run ID] [--address 127.0.0.1] [--port N]`: a local web page
 * of a run's pods with kubectl's status columns, each pod's timeline and logs following live,
 * updated while the run goes on. Read-only, loopback only (cli/ui/ui-server.ts). Runs until SIGINT/SIGTERM.
 */
import type { Command } from "commander";
import type { Writable } from "node:stream";
import { InvalidInputError, type Clock } from "../../shared/index.js";
import { defaultStateRoot } from "../../store/index.js";
import { loadConfig } from "../config.js";
import { helpParagraphs } from "../help-text.js";
import { loopbackListenAddress } from "../ui/loopback-host.js";
import { startUiServer } from "../ui/ui-server.js";
import { UiRunSource } from "../ui/ui-run-source.js";

export interface UiContext {
  clock: Clock;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

interface UiFlags {
  stateDir?: string;
  run?: string;
  config?: string;
  address: string;
  port: string;
}

export function registerUiCommand(program: Command, ctx: UiContext): void {
  program
    .command("ui")
    .summary("serve a local web page of a run's pods: status, timeline and logs, live")
    .description(
      helpParagraphs([
        "Serve a web page on this machine of the latest run's pods (or --run ID's) with the columns",
        "`podvisor get pods` prints, updated while the run goes on, and for each pod its timeline (as",
        "`podvisor timeline` draws it) and its containers' logs, following live. Start it beside a",
        "`podvisor run` with the same --state-dir, or after one.",
        "It listens on a loopback address only, answers only requests addressed to it (Host header),",
        "and has no endpoint that changes anything. Stop it with Ctrl-C.",
      ]),
    )
    .option("--state-dir <dir>", "the state directory to read (default $XDG_STATE_HOME/podvisor)")
    .option("--run <id>", "show this run instead of the latest (a directory name under <state-dir>/runs)")
    .option("--config <path>", "a PodvisorConfiguration file (for its stateDir)")
    .option(
      "--address <ip>",
      "the loopback address to listen on (127.0.0.0/8, ::1 or localhost)",
      "127.0.0.1",
    )
    .option("--port <port>", "the port to listen on (0: any free port; the URL is printed)", "7777")
    .addHelpText(
      "after",
      ["", "Examples:", "  podvisor ui", "  podvisor ui --port 0 --run 2026-12-07-1233-7wnh2"].join("\n"),
    )
    .action(async (flags: UiFlags) => {
      const address = loopbackListenAddress(flags.address);
      if (address === undefined)
        throw new InvalidInputError(
          `--address must be a loopback address (127.0.0.1, another 127.x.y.z, ::1 or localhost), got "${flags.address}": the UI shows container logs and is served to this machine only`,
        );
      const port = Number(flags.port);
      if (flags.port.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535)
        throw new InvalidInputError(`--port must be a port number (0-65535), got "${flags.port}"`);
      const stateDir =
        flags.stateDir ?? (await loadConfig(flags.config, ctx.env)).stateDir ?? defaultStateRoot(ctx.env);
      await uiCommand(
        { address, port, stateDir, ...(flags.run !== undefined ? { runId: flags.run } : {}) },
        ctx,
      );
    });
}

export async function uiCommand(
  options: { address: string; port: number; stateDir: string; runId?: string },
  ctx: UiContext,
): Promise<void> {
  const source = new UiRunSource(options.stateDir, options.runId);
  const lookup = source.lookUp();
  // A run named with --run must exist; an empty state directory only waits for its first run.
  if (lookup.run === undefined && options.runId !== undefined) throw new InvalidInputError(lookup.message);
  const server = await startUiServer({
    address: options.address,
    port: options.port,
    source,
    clock: ctx.clock,
    podList: { pollMs: 1000, minIntervalMs: 100 },
    logs: { tailLines: 5000, maxLineChars: 16 * 1024, pollMs: 250 },
  }).catch((error: unknown) => {
    throw new InvalidInputError(
      `cannot listen on ${options.address}:${options.port}: ${(error as Error).message}`,
    );
  });
  const shown = lookup.run === undefined ? `no run yet in ${options.stateDir}` : `run ${lookup.run.id}`;
  ctx.stdout.write(`podvisor ui: serving ${shown} at ${server.url} (Ctrl-C to stop)\n`);
  const signal = await new Promise<string>((resolve) => {
    const off = ctx.onSignal((received) => {
      off();
      resolve(received);
    });
  });
  ctx.stderr.write(`podvisor ui: ${signal}, shutting down\n`);
  await server.close();
}
