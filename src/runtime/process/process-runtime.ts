import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type Clock,
  ContainerStartError,
  SLEEP_ABORTED,
  silentLogger,
  type Logger,
} from "../../shared/index.js";
import type {
  ContainerLaunchSpec,
  ContainerRuntime,
  ExecResult,
  PodSandbox,
  PodSandboxSpec,
} from "../port.js";
import { checkCommands, lacksCommand } from "./check-commands.js";
import { processRuntimeCapabilities } from "./process-capabilities.js";
import { checkMounts } from "./check-mounts.js";
import { buildContainerEnv } from "./container-env.js";
import { detectIsolation, type Isolation } from "./detect-isolation.js";
import { execInProcess } from "./exec-in-process.js";
import { buildContainerLaunch, type BindMount, type LaunchCommand } from "./launch-command.js";
import { isLaunchServerWanted, LaunchServer } from "./launch-server.js";
import type { Spawner } from "./launched-process.js";
import { ProcessContainer } from "./process-container.js";
import { prepareBindMounts } from "./prepare-bind-mounts.js";
import { materializeVolumes, removePodDir, updateFileVolumes } from "./sandbox-volumes.js";
import { recordMountPoints, removeCreatedPaths } from "./mount-point-record.js";

export interface ProcessRuntimeOptions {
  /** podvisor's state directory; pod volumes live under `<stateDir>/pods/<uid>/volumes/<name>`. */
  stateDir: string;
  clock: Clock;
  /** The node's address, from configuration: pods share the host's network, so it is each pod's too. */
  hostIP: string;
  logger?: Logger;
  /**
   * Overrides detection (tests use `{ kind: "none", why }` to exercise the fallback). A promise is
   * a detection already under way (`podvisor run` starts it early, detectIsolationAsync); the
   * runtime waits for it at its first call that needs it.
   */
  isolation?: Isolation | Promise<Isolation>;
  /**
   * Whether the native launcher is driven through its long-lived server (launch-server.ts; the
   * default) or spawned by podvisor per container (PODVISOR_LAUNCH_SERVER=off).
   */
  useLaunchServer?: boolean;
}

interface SandboxState {
  spec: PodSandboxSpec;
  podDir: string;
  /** Mount points created on the host for this pod's containers, to remove again. */
  createdPaths: string[];
  containerIds: Set<string>;
}

interface ContainerState {
  container: ProcessContainer;
  env: Record<string, string>;
  cwd: string;
  /** Aborted when the container exits: what runs in it by exec dies with it, as in a pid namespace. */
  exited: AbortSignal;
}

/**
 * The process backend: each container is a local process (group) running `spec.argv` with exactly
 * its environment, as PID 1 of its own pid + mount namespace where Linux allows it. See
 * docs/process-backend.md for what holds on which platform.
 */
export function createProcessRuntime(options: ProcessRuntimeOptions): ContainerRuntime {
  const { stateDir, clock, hostIP } = options;
  const logger = options.logger ?? silentLogger;
  const isolationReady = Promise.resolve(options.isolation ?? detectIsolation()).then((isolation) => {
    logger.debug("process runtime isolation", {
      isolation: isolation.kind,
      ...(isolation.kind !== "none" ? { launcher: isolation.launcher.kind } : {}),
    });
    return isolation;
  });
  const sandboxes = new Map<string, SandboxState>();
  const containers = new Map<string, ContainerState>();
  let nextContainer = 1;
  let isClosed = false;
  const useLaunchServer = options.useLaunchServer ?? isLaunchServerWanted(process.env);
  let launchServer: LaunchServer | undefined;

  // Safety net for a normal process exit that skipped close(): synchronous SIGKILLs only.
  const killAllNow = () => {
    for (const { container } of containers.values()) container.kill();
  };
  process.on("exit", killAllNow);

  const sandboxOf = (sandbox: PodSandbox): SandboxState => {
    const state = sandboxes.get(sandbox.id);
    if (!state)
      throw new ContainerStartError(
        `pod sandbox "${sandbox.id}" was not created by this runtime`,
        "CreateContainerError",
      );
    return state;
  };

  /** How one container is launched: the command, and what spawns it. */
  const launchFor = async (
    isolation: Isolation,
    spec: ContainerLaunchSpec,
    binds: BindMount[],
    cwd: string,
    env: Record<string, string>,
  ): Promise<{ launch: LaunchCommand; spawner?: Spawner }> => {
    if (isolation.kind === "none")
      return { launch: { command: spec.argv[0] ?? "", args: spec.argv.slice(1) } };
    if (isolation.launcher.kind !== "native" || !useLaunchServer) {
      return { launch: buildContainerLaunch(isolation, binds, cwd, spec.argv, env) };
    }
    launchServer ??= new LaunchServer(isolation.launcher.path, logger);
    const serverPid = await launchServer.start().catch((error: Error) => {
      throw new ContainerStartError(`container "${spec.name}": ${error.message}`, "RunContainerError", error);
    });
    return {
      launch: buildContainerLaunch(isolation, binds, cwd, spec.argv, env, serverPid),
      spawner: launchServer.spawner,
    };
  };

  return {
    name: "process",

    capabilities: processRuntimeCapabilities,
    // `image` is only a label here: every image is present and nothing is pulled.
    imageStatus: () => Promise.resolve({ present: true }),
    pullImage: (image) => Promise.resolve({ imageRef: image }),
    checkPod: async (spec, launchSpecs) => [
      ...checkCommands(launchSpecs),
      ...checkMounts(await isolationReady, spec, launchSpecs),
    ],

    async createSandbox(spec) {
      if (!/^[\w.-]+$/.test(spec.uid) || /^\.+$/.test(spec.uid)) {
        throw new ContainerStartError(
          `pod "${spec.name}" has an unusable uid "${spec.uid}"`,
          "CreateContainerConfigError",
        );
      }
      const podDir = join(stateDir, "pods", spec.uid);
      const volumeDirs = await materializeVolumes(podDir, spec.volumes, clock.now());
      const existing = sandboxes.get(spec.uid);
      sandboxes.set(spec.uid, {
        spec,
        podDir,
        createdPaths: existing?.createdPaths ?? [],
        containerIds: existing?.containerIds ?? new Set(),
      });
      return { id: spec.uid, ip: hostIP, volumeDirs };
    },

    async updateSandboxVolumes(sandbox, volumes) {
      sandboxOf(sandbox);
      await updateFileVolumes(sandbox.volumeDirs, volumes, clock.now());
    },

    async startContainer(sandbox, spec, onLog) {
      if (isClosed)
        throw new ContainerStartError(`container "${spec.name}": the runtime is closed`, "RunContainerError");
      if (lacksCommand(spec)) {
        throw new ContainerStartError(
          `container "${spec.name}" has no command: the process backend has no image filesystem to take an entrypoint from; set command (and args) for image "${spec.image}"`,
          "CreateContainerError",
        );
      }
      const state = sandboxOf(sandbox);
      const isolation = await isolationReady;
      if (isolation.kind === "none" && spec.mounts.length > 0) {
        throw new ContainerStartError(
          checkMounts(isolation, state.spec, [spec]).join("; "),
          "CreateContainerError",
        );
      }
      const made = state.createdPaths.length;
      let binds: BindMount[];
      try {
        binds = await prepareBindMounts(spec, sandbox.volumeDirs, state.createdPaths);
      } finally {
        if (state.createdPaths.length !== made) recordCreatedPaths(state, logger);
      }
      const env = buildContainerEnv(state.spec.name, spec.env);
      const cwd = spec.workingDir ?? "/";
      if (isolation.kind === "none" && !(await exists(cwd))) {
        throw new ContainerStartError(
          `container "${spec.name}": chdir to cwd ("${cwd}") failed: no such directory`,
          "RunContainerError",
        );
      }
      const id = `${sandbox.id}/${spec.name}/${nextContainer++}`;
      const container = await ProcessContainer.start({
        id,
        name: spec.name,
        ...(await launchFor(isolation, spec, binds, cwd, env)),
        env,
        cwd: isolation.kind === "none" ? cwd : "/",
        isNamespaced: isolation.kind !== "none",
        stopSignal: spec.stopSignal,
        clock,
        logger,
        onLog,
      });
      const exited = new AbortController();
      containers.set(id, { container, env, cwd, exited: exited.signal });
      state.containerIds.add(id);
      void container.exited.then(() => {
        exited.abort(SLEEP_ABORTED);
        containers.delete(id);
      });
      return { id, startedAtMs: container.startedAtMs, exited: container.exited };
    },

    async stopContainer(id, gracePeriodMs) {
      await containers.get(id)?.container.stop(gracePeriodMs);
    },

    async execInContainer(id, argv, timeoutMs): Promise<ExecResult> {
      const state = containers.get(id);
      const pid1 = state?.container.pid1;
      if (!state || !state.container.isRunning || pid1 === undefined) {
        return { exitCode: 126, output: `container "${id}" is not running`, timedOut: false };
      }
      const isolation = await isolationReady;
      if (isolation.kind === "none") {
        return execInProcess(
          { command: argv[0] ?? "", args: argv.slice(1) },
          state.env,
          state.cwd,
          timeoutMs,
          clock,
          state.exited,
        );
      }
      const { setpriv, nsenter } = isolation.tools;
      const userns = isolation.kind === "userns" ? ["--user", "--preserve-credentials"] : [];
      const args = [
        "--pdeathsig",
        "KILL",
        "--",
        nsenter,
        "-t",
        String(pid1),
        ...userns,
        "--pid",
        "--mount",
        `--wd=${state.cwd}`,
        "--",
        ...argv,
      ];
      return execInProcess({ command: setpriv, args }, state.env, "/", timeoutMs, clock, state.exited);
    },

    async removeSandbox(sandbox) {
      const state = sandboxes.get(sandbox.id);
      if (!state) return;
      const running = [...state.containerIds].flatMap((id) => containers.get(id)?.container ?? []);
      for (const container of running) container.kill();
      await Promise.all(running.map((c) => c.exited));
      removeCreatedPaths(state.createdPaths.splice(0));
      await removePodDir(state.podDir);
      sandboxes.delete(sandbox.id);
    },

    async close() {
      isClosed = true;
      const running = [...containers.values()].map((s) => s.container);
      for (const container of running) container.kill();
      await Promise.all(running.map((c) => c.exited));
      for (const state of sandboxes.values()) {
        if (state.createdPaths.length === 0) continue;
        removeCreatedPaths(state.createdPaths.splice(0));
        recordCreatedPaths(state, logger);
      }
      launchServer?.close();
      process.off("exit", killAllNow);
    },
  };
}

/** Issue 10 item 7: the record follows the mount points, so a SIGKILLed run's can be removed later. */
function recordCreatedPaths(state: SandboxState, logger: Logger): void {
  try {
    recordMountPoints(state.podDir, state.createdPaths);
  } catch (error) {
    logger.warn(
      "cannot record the pod's host mount points; if podvisor is killed, cleanup will not find them",
      {
        podDir: state.podDir,
        error: String(error),
      },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
