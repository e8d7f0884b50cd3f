/**
 * The command-line surface: commands, flags, help and the mapping from outcomes to exit codes.
 * Bad input is a clear message and exit 2, never a stack trace.
 */
import { Command, CommanderError } from "commander";
import type { Writable } from "node:stream";
import { PodvisorError, InvalidInputError, PlatformError, type Clock } from "../shared/index.js";
import type { ContainerRuntime, RuntimeCapabilities } from "../runtime/index.js";
import type { RuntimeSelection } from "./commands/run-command.js";

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
  /**
   * A command that starts containers is about to load: the process backend may start probing the
   * host now, so its first container does not wait for the probe (issue 17).
   */
  prepareProcessRuntime?: () => void;
  /** How the process backend isolates and launches containers here (probed only for `run --help`). */
  describeProcessBackend?: () => string;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  argv: string[];
  /** This process's id, recorded in the state directory. */
  pid: number;
  /** Ends the process at once (a second Ctrl-C), after the runtime has killed every container. */
  exit: (code: number) => never;
  /** The node's address (status.hostIP, the downward API's status.hostIP). */
  hostIP: string;
}

type Register = (program: Command, ctx: ProgramContext, setExitCode: (code: number) => void) => void;

/**
 * Every command, in the order help lists them, with the module that defines it. Issue 17: a
 * command's module (and what only it needs: the cluster client, the webhook server, the printers)
 * is loaded only when that command runs, so `podvisor run` reaches its first container sooner;
 * help, an unknown command or none loads them all.
 */
const COMMANDS: { names: readonly string[]; startsContainers?: true; load: () => Promise<Register> }[] = [
  {
    names: ["run"],
    startsContainers: true,
    load: async () => (await import("./commands/run.js")).registerRunCommand,
  },
  {
    names: ["get", "describe", "logs"],
    load: async () => (await import("./commands/get-describe-logs.js")).registerViewCommands,
  },
  {
    names: ["timeline"],
    load: async () => (await import("./commands/timeline.js")).registerTimelineCommand,
  },
  {
    names: ["ui"],
    load: async () => (await import("./commands/ui.js")).registerUiCommand,
  },
  {
    names: ["inject"],
    load: async () => (await import("./commands/inject.js")).registerInjectCommand,
  },
  {
    names: ["cleanup"],
    load: async () => (await import("./commands/cleanup.js")).registerCleanupCommand,
  },
  {
    names: ["webhook"],
    load: async () => (await import("./commands/webhook.js")).registerWebhookCommand,
  },
  {
    names: ["node"],
    startsContainers: true,
    load: async () => (await import("./commands/node.js")).registerNodeCommand,
  },
  {
    names: ["controller"],
    load: async () => (await import("./commands/controller.js")).registerControllerCommand,
  },
  {
    names: ["doctor"],
    load: async () => (await import("./commands/doctor.js")).registerDoctorCommand,
  },
  {
    names: ["install"],
    load: async () => {
      const { registerInstallCommand } = await import("./commands/install.js");
      return (program, ctx) => registerInstallCommand(program, ctx.stdout);
    },
  },
];

/** The commands `argv` needs: the one it names, or all of them (help, none, an unknown one). */
/** Every command's name; the bundled CLI's entry keeps one code cache per name (scripts/cli-entry.mjs). */
export const commandNames: readonly string[] = COMMANDS.flatMap((command) => command.names);

function commandsFor(argv: readonly string[]): typeof COMMANDS {
  const name = argv.find((arg) => !arg.startsWith("-"));
  const named = COMMANDS.filter((command) => name !== undefined && command.names.includes(name));
  return named.length > 0 ? named : COMMANDS;
}

/**
 * Whether a command that starts containers will run them on the process backend: not for `--help`,
 * nor for `--runtime container`, which never needs the process backend's isolation probe.
 */
export function usesProcessBackend(argv: readonly string[]): boolean {
  if (argv.includes("--help") || argv.includes("-h")) return false;
  const flag = argv.findIndex((arg) => arg === "--runtime" || arg.startsWith("--runtime="));
  if (flag === -1) return true;
  const value = argv[flag]!.startsWith("--runtime=")
    ? argv[flag]!.slice("--runtime=".length)
    : argv[flag + 1];
  return value === "process";
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

  const setExitCode = (code: number) => (exitCode = code);

  return {
    program,
    /** Parses and runs; returns the exit code. Never throws. */
    async run(argv: string[]): Promise<number> {
      try {
        const commands = commandsFor(argv);
        if (commands.length === 1 && commands[0]?.startsContainers && usesProcessBackend(argv))
          ctx.prepareProcessRuntime?.();
        const registers = await Promise.all(commands.map((command) => command.load()));
        for (const register of registers) register(program, ctx, setExitCode);
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
