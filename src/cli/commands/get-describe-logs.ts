/**
 * Registers `get`, `describe` and `logs` on the program: flags and help here, the work in
 * get.ts, describe.ts and logs.ts. Every one reads the state directory (`--state-dir`, else
 * `stateDir` from the configuration file, else the default) or, for get/describe, `-f FILE`.
 */
import { helpParagraphs } from "../help-text.js";
import type { Command } from "commander";
import { defaultStateRoot } from "../../store/index.js";
import { loadConfig } from "../config.js";
import type { ViewContext } from "./get-source.js";
import { getCommand } from "./get.js";
import { describeCommand } from "./describe.js";
import { logsCommand, type LogsOptions } from "./logs.js";
import { InvalidInputError } from "../../shared/index.js";
import { parseDurationMs } from "../parse-duration.js";

interface SourceFlags {
  kubeconfig?: string;
  stateDir?: string;
  run?: string;
  config?: string;
  filename?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerViewCommands(
  program: Command,
  ctx: ViewContext & { env: NodeJS.ProcessEnv },
  setExitCode: (code: number) => void,
): void {
  const stateRoot = async (flags: SourceFlags) =>
    flags.stateDir ?? (await loadConfig(flags.config, ctx.env)).stateDir ?? defaultStateRoot(ctx.env);
  const sourceOptions = async (flags: SourceFlags) => ({
    stateDir: await stateRoot(flags),
    ...(flags.run !== undefined ? { run: flags.run } : {}),
    ...(flags.filename !== undefined ? { filename: flags.filename } : {}),
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
  });
  const withSourceFlags = (command: Command, files: boolean) => {
    command
      .option("--state-dir <dir>", "the state directory to read (default $XDG_STATE_HOME/podvisor)")
      .option("--run <id>", "read this run instead of the latest (a directory name under <state-dir>/runs)")
      .option("--config <path>", "a PodvisorConfiguration file (for its stateDir)");
    if (files)
      command
        .option(
          "-f, --filename <path>",
          "read saved objects (e.g. a --status-file List) instead of a run or a cluster; repeatable",
          collect,
        )
        .option(
          "--kubeconfig <path>",
          "sidecarsets: the cluster to read (default $KUBECONFIG, ~/.kube/config, or in-cluster)",
        );
    return command;
  };

  withSourceFlags(
    program
      .command("get")
      .summary("list pods, jobs, workloads or SidecarSets as kubectl get prints them")
      .description(
        helpParagraphs([
          "Print the pods (or jobs, deployments, ...) of the latest run as `kubectl get` does: the same columns, statuses",
          "(Init:1/2, PodInitializing, Completed, CrashLoopBackOff, ...), RESTARTS with (… ago), AGE.",
          "Works while the run goes on, from another terminal, and after it. -w prints a row per change",
          "until the run ends.",
          "",
          "`get sidecarsets` reads a cluster (--kubeconfig) or saved objects (-f) and prints the CRD's",
          "columns: MATCHED, UPDATED, READY (the rollout controller's status) and AGE.",
        ]),
      )
      .argument(
        "<resource>",
        "pods (po), jobs, deployments (deploy), replicasets (rs), statefulsets (sts), daemonsets (ds), cronjobs (cj), replicationcontrollers (rc), all, or sidecarsets",
      )
      .argument("[names...]", "only these objects")
      .option("-o, --output <format>", "wide, json, yaml, name, or jsonpath=TEMPLATE (kubectl's JSONPath)")
      .option("-w, --watch", "after the table, print a row whenever one changes, until the run ends", false)
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  podvisor get pods",
          "  podvisor get pods -w",
          "  podvisor get deployments",
          "  podvisor get all",
          '  podvisor get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}\'',
          "  podvisor get pods -f final.yaml -o wide",
          "  podvisor get sidecarsets --kubeconfig ~/.kube/config",
        ].join("\n"),
      ),
    true,
  ).action(
    async (resource: string, names: string[], flags: SourceFlags & { output?: string; watch: boolean }) => {
      setExitCode(
        await getCommand(
          resource,
          names,
          {
            ...(await sourceOptions(flags)),
            watch: flags.watch,
            ...(flags.output !== undefined ? { output: flags.output } : {}),
          },
          ctx,
        ),
      );
    },
  );

  withSourceFlags(
    program
      .command("describe")
      .summary("show a pod or a SidecarSet's rollout in detail, as kubectl describe does")
      .description(
        helpParagraphs([
          "Show pods as `kubectl describe pod` does (containers with state, last state, restart count,",
          "probes, environment, mounts; conditions; volumes; events), plus the pod's effective requests",
          "and limits (KEP-753).",
          "",
          "`describe sidecarset` reads a cluster (--kubeconfig) or saved objects (-f: the SidecarSet with",
          "its pods, Namespaces, ControllerRevisions, Events) and shows its rollout as the controller",
          "plans it now: the revision, the strategy, how many pods are on each revision, and each pod",
          "not updated with the reason it is held back; then the SidecarSet's events.",
        ]),
      )
      .argument("<resource>", "pod (pods, po) or sidecarset (sidecarsets)")
      .argument("[names...]", "the objects to describe (default: all)")
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  podvisor describe pod web",
          "  podvisor describe sidecarset mesh --kubeconfig ~/.kube/config",
          "  podvisor describe sidecarset mesh -f cluster-dump.yaml",
        ].join("\n"),
      ),
    true,
  ).action(async (resource: string, names: string[], flags: SourceFlags) => {
    setExitCode(await describeCommand(resource, names, await sourceOptions(flags), ctx));
  });

  withSourceFlags(
    program
      .command("logs")
      .summary("print a container's logs, as kubectl logs does")
      .description(
        "Print the logs of a container in a pod of the latest run. Without -c, the pod's kubectl.kubernetes.io/default-container annotation or its first container is used, as kubectl does.",
      )
      .argument("<pod>", "the pod's name")
      .option("-c, --container <name>", "the container (an init container, sidecar or regular container)")
      .option("--all-containers", "the logs of every container, init containers first", false)
      .option(
        "-p, --previous",
        "the logs of the previous instance of the container (before its last restart)",
        false,
      )
      .option("-f, --follow", "keep printing new lines until the container instance or the run ends", false)
      .option("--timestamps", "prefix each line with its RFC 3339 time", false)
      .option("--prefix", "prefix each line with [pod/NAME/CONTAINER]", false)
      .option("--tail <lines>", "only the last N lines (-1: all), read from the end of the log", "-1")
      .option(
        "--since <duration>",
        "only lines newer than this (e.g. 5s, 2m, 3h), read from the end of the log",
      ),
    false,
  ).action(
    async (
      pod: string,
      flags: SourceFlags &
        Pick<LogsOptions, "container" | "allContainers" | "previous" | "follow" | "timestamps" | "prefix"> & {
          tail: string;
          since?: string;
        },
    ) => {
      const tail = Number(flags.tail);
      if (!Number.isInteger(tail) || tail < -1)
        throw new InvalidInputError(
          `--tail must be an integer of -1 or more, got ${JSON.stringify(flags.tail)}`,
        );
      setExitCode(
        await logsCommand(
          pod,
          {
            ...(await sourceOptions({ ...flags, filename: [] })),
            ...(flags.container !== undefined ? { container: flags.container } : {}),
            allContainers: flags.allContainers,
            previous: flags.previous,
            follow: flags.follow,
            timestamps: flags.timestamps,
            prefix: flags.prefix,
            tail,
            ...(flags.since !== undefined
              ? { sinceMs: ctx.clock.now() - parseDurationMs(flags.since, "--since") }
              : {}),
          },
          ctx,
        ),
      );
    },
  );
}
