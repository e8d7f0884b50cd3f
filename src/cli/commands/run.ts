/**
 * `podvisor run`'s flags and help: reads them (with the PodvisorConfiguration file) into
 * RunOptions and hands them to runCommand (run-command.ts).
 */
import type { Command } from "commander";
import { InvalidInputError } from "../../shared/index.js";
import { defaultLogRotation, defaultStateRoot } from "../../store/index.js";
import { loadConfig } from "../config.js";
import { parseDurationMs } from "../parse-duration.js";
import { featureGatesFlagHelp, readFeatureGatesFlag } from "../feature-gates-flag.js";
import { parseValidateFlag, validateFlagHelp } from "../validate-flag.js";
import { runCommand, type RunContext } from "./run-command.js";

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
  runtime: string;
  engineSocket?: string;
  featureGates?: string;
  trigger?: string[];
  sidecarHelper?: string;
}

export function registerRunCommand(
  program: Command,
  ctx: RunContext & { env: NodeJS.ProcessEnv; isTTY: boolean; describeProcessBackend?: () => string },
  setExitCode: (code: number) => void,
): void {
  program
    .command("run")
    .summary("run Pods, Jobs and workloads from manifests, the way the kubelet and controllers would")
    .description(
      [
        "Run the Pods, Jobs and workloads (Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, CronJobs, with their controllers' rules; docs/workloads.md) in the given manifests on this machine with the kubelet's lifecycle: init containers in order, native sidecars (initContainers[*].restartPolicy: Always) that start before the app and stop after it, restarts with CrashLoopBackOff, Job completion, and ordered termination with grace periods. Containers are local processes (the process backend).",
        "",
        "Container output streams to stdout as `pod container │ line`; lifecycle events go to stderr as `kubectl get events -w` prints them. Ctrl-C deletes the pods gracefully; a second Ctrl-C kills them at once.",
        "",
        "A run with long-lived workloads (Deployments, StatefulSets, DaemonSets, CronJobs, ...) runs until Ctrl-C, SIGTERM or --timeout. Services and other kinds in the input are reported as not run.",
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
      "write the final workloads, Jobs and Pods (a v1 List with full status) to this file; .yaml/.yml for YAML, else JSON",
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
    .option("--validate <mode>", validateFlagHelp, "strict")
    .option(
      "--trigger <cronjob/NAME...>",
      "run one Job of the CronJob now instead of its schedule, as `kubectl create job --from=cronjob/NAME` does (repeatable)",
    )
    .option("--no-events", "do not print lifecycle events on stderr (they are still recorded)")
    .option("--no-pod-status", "do not print the pods' `get pods -w` transitions on stderr")
    .option(
      "--runtime <name>",
      "process (local processes, the default) or container (real containers through Docker or Podman's Engine API; docs/container-backend.md)",
      "process",
    )
    .option(
      "--engine-socket <path>",
      "the container engine's unix socket (default: DOCKER_HOST, then the usual Docker and Podman sockets)",
    )
    .option("--feature-gates <gates>", featureGatesFlagHelp)
    .option(
      "--sidecar-helper <path|image>",
      "the podvisor-sidecar helper of the universal and ordered-legacy sidecar modes: its path on this host (process backend) or an image holding it (container backend); default $PODVISOR_SIDECAR_HELPER, else /usr/local/bin/podvisor-sidecar or podvisor/sidecar-helper:0.1.0 (docs/sidecar-modes.md)",
    )
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
        "  # A Deployment with a native log-shipping sidecar, until Ctrl-C",
        "  podvisor run -f examples/deployment-sidecar.yaml",
        "",
        "  # One Job of a CronJob now, to completion",
        "  podvisor run -f cronjob.yaml --trigger cronjob/report",
        "",
        "  # From stdin, crash loops capped at 10s",
        "  cat pod.yaml | podvisor run -f - --max-backoff 10s",
      ].join("\n"),
    )
    .addHelpText("after", () =>
      ctx.describeProcessBackend ? `\nProcess backend on this host: ${ctx.describeProcessBackend()}.` : "",
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
      const featureGates = readFeatureGatesFlag(flags.featureGates);
      const sidecarHelper = flags.sidecarHelper ?? ctx.env.PODVISOR_SIDECAR_HELPER;
      if (flags.runtime !== "process" && flags.runtime !== "container")
        throw new InvalidInputError(`--runtime must be "process" or "container", got "${flags.runtime}"`);
      const code = await runCommand(
        {
          filename: flags.filename,
          runtime: flags.runtime,
          ...(flags.engineSocket !== undefined ? { engineSocket: flags.engineSocket } : {}),
          ...(flags.trigger !== undefined ? { trigger: flags.trigger } : {}),
          color: flags.color && ctx.isTTY && ctx.env.NO_COLOR === undefined,
          // On a terminal, with or without colour, container text cannot drive the terminal.
          neutralizeControls: ctx.isTTY,
          ...(config.containerLogMaxSizeBytes !== undefined || config.containerLogMaxFiles !== undefined
            ? {
                logRotation: {
                  maxSizeBytes: config.containerLogMaxSizeBytes ?? defaultLogRotation.maxSizeBytes,
                  maxFiles: config.containerLogMaxFiles ?? defaultLogRotation.maxFiles,
                },
              }
            : {}),
          timestamps: flags.timestamps,
          events: flags.events,
          podStatus: flags.podStatus,
          validate: parseValidateFlag(flags.validate),
          featureGates,
          ...(sidecarHelper !== undefined ? { sidecarHelper } : {}),
          stateDir: flags.stateDir ?? config.stateDir ?? defaultStateRoot(ctx.env),
          ...(flags.statusFile ? { statusFile: flags.statusFile } : {}),
          ...(flags.timeout ? { timeoutMs: parseDurationMs(flags.timeout, "--timeout") } : {}),
          ...(maxBackoffMs !== undefined ? { maxBackoffMs } : {}),
        },
        ctx,
      );
      setExitCode(code);
    });
}
