import type { Clock } from "../../shared/index.js";
import type { ContainerRuntime } from "../port.js";
import type { ContainerBackend } from "./container-backend.js";
import { containerRuntimeCapabilities } from "./container-capabilities.js";

/** The infra image when none is named: the kubelet's own default sandbox image. */
export const DEFAULT_PAUSE_IMAGE = "registry.k8s.io/pause:3.10";
/** The engine network `podvisor run` puts its pods on (created on first use, shared by runs). */
export const DEFAULT_NETWORK = "podvisor";

export interface OpenContainerRuntimeOptions {
  stateDir: string;
  clock: Clock;
  runId: string;
  env: Readonly<Record<string, string | undefined>>;
  uid: number;
  engineSocket?: string;
  /** PODVISOR_PAUSE_IMAGE, else DEFAULT_PAUSE_IMAGE. */
  pauseImage?: string;
  network?: string;
  /** A line for the user (e.g. what the cleanup of dead runs removed). */
  onNotice: (text: string) => void;
}

/**
 * The container backend behind the runtime port, connected on first use: the composition root
 * can pick it synchronously, and a missing engine surfaces as EngineNotFoundError from the first
 * call (`checkPod`, before anything starts). On connecting it removes what dead runs left behind
 * and says so. The backend's modules (and node:http) are loaded then too: `podvisor run` on the
 * process backend does not evaluate them before its first container (issue 17).
 */
export function openContainerRuntime(options: OpenContainerRuntimeOptions): ContainerRuntime {
  let connected: Promise<ContainerBackend> | undefined;
  const backend = (): Promise<ContainerBackend> =>
    (connected ??= (async () => {
      const [{ ContainerBackend }, { connectEngine }, { cleanupDeadRuns, isProcessAlive }] =
        await Promise.all([
          import("./container-backend.js"),
          import("./connect-engine.js"),
          import("./run-cleanup.js"),
        ]);
      const engine = await connectEngine({
        engineSocket: options.engineSocket,
        env: options.env,
        uid: options.uid,
      });
      const report = await cleanupDeadRuns(engine.client, isProcessAlive, options.runId);
      if (report.containers.length > 0 || report.networks.length > 0)
        options.onNotice(
          `removed what dead podvisor runs (${report.runs.join(", ")}) left in ${engine.engine}: ` +
            [...report.containers, ...report.networks.map((n) => `network ${n}`)].join(", "),
        );
      return new ContainerBackend({
        client: engine.client,
        engine: engine.engine,
        clock: options.clock,
        stateDir: options.stateDir,
        runId: options.runId,
        network: options.network ?? options.env.PODVISOR_NETWORK ?? DEFAULT_NETWORK,
        pauseImage: options.pauseImage ?? options.env.PODVISOR_PAUSE_IMAGE ?? DEFAULT_PAUSE_IMAGE,
      });
    })());
  return {
    name: "container",
    checkPod: async (spec) => (await backend()).checkPod(spec),
    capabilities: containerRuntimeCapabilities,
    imageStatus: async (image) => (await backend()).imageStatus(image),
    pullImage: async (image, auth) => (await backend()).pullImage(image, auth),
    createSandbox: async (spec) => (await backend()).createSandbox(spec),
    updateSandboxVolumes: async (sandbox, volumes) =>
      (await backend()).updateSandboxVolumes(sandbox, volumes),
    prepareContainer: async (sandbox, spec) => (await backend()).prepareContainer(sandbox, spec),
    startContainer: async (sandbox, spec, onLog) => (await backend()).startContainer(sandbox, spec, onLog),
    stopContainer: async (id, gracePeriodMs) => (await backend()).stopContainer(id, gracePeriodMs),
    execInContainer: async (id, argv, timeoutMs) => (await backend()).execInContainer(id, argv, timeoutMs),
    removeSandbox: async (sandbox) => (await backend()).removeSandbox(sandbox),
    close: async () => {
      if (connected) await (await connected.catch(() => undefined))?.close();
    },
  };
}
