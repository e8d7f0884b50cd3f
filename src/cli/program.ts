/**
 * The command-line surface: commands, flags, help and the mapping from outcomes to exit codes.
 * Bad input is a clear message and exit 2, never a stack trace.
 */
import { Command, CommanderError } from "commander";
import type { Writable } from "node:stream";
import { PodvisorError, InvalidInputError, PlatformError, type Clock } from "../shared/index.js";
import type { ContainerRuntime, RuntimeCapabilities } from "../runtime/index.js";
import { registerRunCommand } from "./commands/run.js";
import type { RuntimeSelection } from "./commands/run-command.js";
import { registerInjectCommand } from "./commands/inject.js";
import { registerInstallCommand } from "./commands/install.js";
import { registerCleanupCommand } from "./commands/cleanup.js";
import { registerWebhookCommand } from "./commands/webhook.js";
import { registerNodeCommand } from "./commands/node.js";
import { registerControllerCommand } from "./commands/controller.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerViewCommands } from "./commands/get-describe-logs.js";

export interface ProgramContext {
  clock: Clock;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  nodeName: string;
  newUid: () => string;
  randomSuffix: () => string;
  createRuntime: (stateDir: string, selection?: RuntimeSelection) => ContainerRuntime;
  /** What the backend createRuntime makes can do (admission refuses volumes it cannot provide). */
  runtimeCapabilities: RuntimeCapabilities;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  argv: string[];
  /** This process's id, recorded in the state directory. */
  pid: number;
  /** Ends the process at once (a second Ctrl-C), after the runtime has killed every container. */
  exit: (code: number) => never;
  /** The node's address (status.hostIP, the downward API's status.hostIP). */
  hostIP: string;
}

export function createProgram(ctx: ProgramContext) {
  let exitCode = 0;
  const program = new Command("podvisor")
    .description(
      "Run Kubernetes Pods and Jobs with native sidecars on one machine, with the kubelet's lifecycle.",
    )
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .showHelpAfterError("(run with --help for usage)");

  registerRunCommand(program, ctx, (code) => (exitCode = code));

  registerViewCommands(program, ctx, (code) => (exitCode = code));

  registerInjectCommand(program, ctx);

  registerCleanupCommand(program, ctx);
  registerWebhookCommand(program, ctx);
  registerNodeCommand(program, ctx);
  registerControllerCommand(program, ctx, (code) => (exitCode = code));
  registerInstallCommand(program, ctx.stdout);
  registerDoctorCommand(program, ctx, (code) => (exitCode = code));

  return {
    program,
    /** Parses and runs; returns the exit code. Never throws. */
    async run(argv: string[]): Promise<number> {
      try {
        await program.parseAsync(argv, { from: "user" });
        return exitCode;
      } catch (error) {
        return reportError(error, ctx.stderr);
      }
    },
  };
}

function reportError(error: unknown, stderr: Writable): number {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return 0;
    return 2;
  }
  if (error instanceof InvalidInputError) {
    if (error.problems.length > 0) for (const problem of error.problems) stderr.write(`${problem}\n`);
    else stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  if (error instanceof PlatformError) {
    stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  if (error instanceof PodvisorError) {
    stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  stderr.write(
    `podvisor: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
