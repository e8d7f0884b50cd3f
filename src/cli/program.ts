/**
 * The command-line surface: commands, flags, help and the mapping from outcomes to exit codes.
 * Bad input is a clear message and exit 2, never a stack trace.
 */
import { Command, CommanderError } from "commander";
import type { Writable } from "node:stream";
import { PodvisorError, InvalidInputError, PlatformError } from "../shared/errors.js";
import type { Clock } from "../shared/clock.js";
import type { ContainerRuntime } from "../runtime/port.js";
import { defaultStateRoot } from "../agent/state-store.js";
import { defaultLogRotation } from "../agent/log-file-writer.js";
import { cleanLostRuns } from "../agent/clean-lost-runs.js";
import { parseDurationMs } from "./parse-duration.js";
import type { FieldValidation } from "../api/decode-manifests.js";
import { runCommand } from "./commands/run.js";
import { registerInjectCommand } from "./commands/inject.js";
import { registerViewCommands } from "./commands/get-describe-logs.js";
import { loadConfig } from "./config.js";

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
  createRuntime: (stateDir: string) => ContainerRuntime;
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  argv: string[];
}

interface RunFlags {
  filename: string[];
  color: boolean;
  timestamps: boolean;
  statusFile?: string;
  timeout?: string;
  maxBackoff?: string;
  stateDir?: string;
  events: boolean;
  podStatus: boolean;
  config?: string;
  validate: string;
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

  program
    .command("run")
    .summary("run Pods and Jobs from manifests, the way the kubelet would")
    .description(
      [
        "Run the Pods and Jobs in the given manifests on this machine with the kubelet's lifecycle: init containers in order, native sidecars (initContainers[*].restartPolicy: Always) that start before the app and stop after it, restarts with CrashLoopBackOff, Job completion, and ordered termination with grace periods. Containers are local processes (the process backend).",
        "",
        "Container output streams to stdout as `pod container │ line`; lifecycle events go to stderr as `kubectl get events -w` prints them. Ctrl-C deletes the pods gracefully; a second Ctrl-C kills them at once.",
        "",
        "Exit codes: 0 every pod and Job succeeded, 1 one failed, 2 invalid input or a pod that cannot run here, 124 --timeout reached, 130/143 interrupted by SIGINT/SIGTERM.",
      ].join("\n"),
    )
    .requiredOption(
      "-f, --filename <path...>",
      "manifest files, directories, or - for stdin (YAML or JSON; repeatable)",
    )
    .option("--no-color", "never colour the output (colour is off anyway when stdout is not a terminal)")
    .option("--timestamps", "prefix each output line with its RFC 3339 timestamp", false)
    .option(
      "--status-file <path>",
      "write the final Pods and Jobs (a v1 List with full status) to this file; .yaml/.yml for YAML, else JSON",
    )
    .option(
      "--timeout <duration>",
      "delete everything gracefully after this long (e.g. 90s, 5m) and exit 124",
    )
    .option(
      "--max-backoff <duration>",
      "cap the CrashLoopBackOff delay (kubelet crashLoopBackOff.maxContainerRestartPeriod; default 5m)",
    )
    .option(
      "--state-dir <dir>",
      "where runs record status, events and logs (default $XDG_STATE_HOME/podvisor)",
    )
    .option(
      "--config <path>",
      "a PodvisorConfiguration file (default $XDG_CONFIG_HOME/podvisor/config.yaml when it exists)",
    )
    .option(
      "--validate <mode>",
      "unknown and duplicate fields: strict (or true) refuses them, warn prints a warning, ignore (or false) drops them silently — as kubectl",
      "strict",
    )
    .option("--no-events", "do not print lifecycle events on stderr (they are still recorded)")
    .option("--no-pod-status", "do not print the pods' `get pods -w` transitions on stderr")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  # A Job whose log-shipping sidecar no longer keeps it from completing",
        "  podvisor run -f examples/job-with-log-sidecar.yaml",
        "",
        "  # Everything in a directory, with timestamps, and the final objects saved",
        "  podvisor run -f examples/ --timestamps --status-file final.yaml",
        "",
        "  # From stdin, crash loops capped at 10s",
        "  cat pod.yaml | podvisor run -f - --max-backoff 10s",
      ].join("\n"),
    )
    .action(async (flags: RunFlags) => {
      const config = await loadConfig(flags.config, ctx.env);
      const maxBackoff = flags.maxBackoff ?? config.crashLoopBackOff?.maxContainerRestartPeriod;
      const maxBackoffMs =
        maxBackoff !== undefined ? parseDurationMs(maxBackoff, "--max-backoff") : undefined;
      if (maxBackoffMs !== undefined && (maxBackoffMs < 1000 || maxBackoffMs > 300_000)) {
        throw new InvalidInputError(
          `--max-backoff must be between 1s and 5m (as kubelet's maxContainerRestartPeriod), got ${maxBackoff ?? ""}`,
        );
      }
      exitCode = await runCommand(
        {
          filename: flags.filename,
          color: flags.color && ctx.isTTY && ctx.env.NO_COLOR === undefined,
          // On a terminal, with or without colour, container text cannot drive the terminal.
          neutralizeControls: ctx.isTTY,
          timestamps: flags.timestamps,
          events: flags.events,
          podStatus: flags.podStatus,
          validate: parseValidateFlag(flags.validate),
          ...(config.containerLogMaxSizeBytes !== undefined || config.containerLogMaxFiles !== undefined
            ? {
                logRotation: {
                  maxSizeBytes: config.containerLogMaxSizeBytes ?? defaultLogRotation.maxSizeBytes,
                  maxFiles: config.containerLogMaxFiles ?? defaultLogRotation.maxFiles,
                },
              }
            : {}),
          stateDir: flags.stateDir ?? config.stateDir ?? defaultStateRoot(ctx.env),
          ...(flags.statusFile ? { statusFile: flags.statusFile } : {}),
          ...(flags.timeout ? { timeoutMs: parseDurationMs(flags.timeout, "--timeout") } : {}),
          ...(maxBackoffMs !== undefined ? { maxBackoffMs } : {}),
        },
        ctx,
      );
    });

  registerViewCommands(program, ctx, (code) => (exitCode = code));

  registerInjectCommand(program, ctx);

  program
    .command("cleanup")
    .summary("remove what runs killed without cleaning up left behind (their pod volumes)")
    .description(
      "Remove the pod volume directories (Secret and ConfigMap files, emptyDirs) of runs whose podvisor died without recording its end (SIGKILL, a crash). Their records stay for get, describe and logs. Every `podvisor run` does this when it starts.",
    )
    .option("--state-dir <dir>", "the state directory (default $XDG_STATE_HOME/podvisor)")
    .option("--config <path>", "a PodvisorConfiguration file (for its stateDir)")
    .action(async (flags: { stateDir?: string; config?: string }) => {
      const config = await loadConfig(flags.config, ctx.env);
      const root = flags.stateDir ?? config.stateDir ?? defaultStateRoot(ctx.env);
      for (const id of cleanLostRuns(root, ctx.clock.now())) ctx.stdout.write(`run ${id} cleaned up\n`);
    });

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

/** kubectl's --validate values (`kubectl/pkg/cmd/util.GetValidationDirective`). */
function parseValidateFlag(value: string): FieldValidation {
  const mode = value.toLowerCase();
  if (mode === "true" || mode === "strict") return "strict";
  if (mode === "false" || mode === "ignore") return "ignore";
  if (mode === "warn") return "warn";
  throw new InvalidInputError(
    `invalid - validate option ${JSON.stringify(value)}; must be one of: strict (or true), warn, ignore (or false)`,
  );
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
