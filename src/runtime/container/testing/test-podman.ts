import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, it } from "vitest";
import { systemClock } from "../../../shared/index.js";
import { ContainerBackend } from "../container-backend.js";
import { EngineClient } from "../engine-client.js";
import { removeRunNetwork } from "../run-cleanup.js";

/** The socket scripts/podman/setup.sh starts by default. */
export const DEFAULT_TEST_SOCKET = "/run/podvisor-podman/podman.sock";

/** Test images built by scripts/podman/build-test-images.sh (no registry involved). */
export const TEST_IMAGES = {
  busybox: "localhost/podvisor/busybox:test",
  pause: "localhost/podvisor/pause:test",
  entrypoint: "localhost/podvisor/entrypoint:test",
} as const;

export type TestPodman =
  | { kind: "ready"; client: EngineClient; socketPath: string; engine: "podman" | "docker" }
  | { kind: "missing"; why: string };

/**
 * The Podman the container tests run against: PODVISOR_PODMAN_SOCKET, else setup.sh's default
 * socket; it must answer and hold the test images. Tests start no engine themselves.
 */
async function findTestPodman(): Promise<TestPodman> {
  const socketPath = (process.env.PODVISOR_PODMAN_SOCKET ?? DEFAULT_TEST_SOCKET).replace(/^unix:\/\//, "");
  const client = new EngineClient(socketPath);
  try {
    await client.call({ method: "GET", path: "/_ping" });
  } catch {
    return {
      kind: "missing",
      why: `no Podman answers on ${socketPath}: run scripts/podman/setup.sh (and scripts/podman/build-test-images.sh), or set PODVISOR_PODMAN_SOCKET`,
    };
  }
  for (const image of Object.values(TEST_IMAGES)) {
    try {
      await client.call({ method: "GET", path: `/images/${encodeURIComponent(image)}/json` });
    } catch {
      return {
        kind: "missing",
        why: `Podman on ${socketPath} lacks ${image}: run scripts/podman/build-test-images.sh`,
      };
    }
  }
  // PODVISOR_PODMAN_SOCKET may name a Docker engine too (docs/container-backend.md, "Docker").
  const version = await client.json<{ Components?: { Name?: string }[] }>({
    method: "GET",
    path: "/version",
  });
  const isPodman = version.Components?.some((c) => c.Name === "Podman Engine") ?? false;
  return { kind: "ready", client, socketPath, engine: isPodman ? "podman" : "docker" };
}

/** A network name of this test run alone (the only network the tests' traffic may go to). */
function testNetworkName(): string {
  return `podvisor-test-${process.pid}-${randomBytes(3).toString("hex")}`;
}

/**
 * Declares the tests in `body` against the test Podman. Without one they cannot run: in CI
 * (CI=true) that is a failing test naming the fix; on a developer machine the block is skipped
 * with the same reason in its name. The network is this file's own and removed after it.
 */
export function describeOnPodman(
  name: string,
  body: (podman: {
    client: EngineClient;
    engine: "podman" | "docker";
    network: string;
    createBackend: (runPid?: number) => Promise<TestBackend>;
    /** A new backend before each test (handed to `use`), closed and its state removed after it. */
    backendPerTest: (use: (backend: ContainerBackend) => void) => void;
  }) => void,
): void {
  if (podman.kind === "missing") {
    const why = podman.why;
    if (process.env.CI)
      describe(name, () => {
        it("has a Podman API service to run against (CI must start one)", () => {
          throw new Error(why);
        });
      });
    else
      describe.skip(`${name}: skipped, ${why}`, () => {
        it("runs", () => undefined);
      });
    return;
  }
  const { client, engine } = podman;
  const network = testNetworkName();
  afterAll(() => removeRunNetwork(client, network));
  const createBackend = async (runPid?: number): Promise<TestBackend> => {
    const stateDir = await mkdtemp(join(tmpdir(), "podvisor-state-"));
    const backend = new ContainerBackend({
      client,
      engine,
      clock: systemClock,
      stateDir,
      runId: `test-${randomBytes(4).toString("hex")}`,
      network,
      pauseImage: TEST_IMAGES.pause,
      ...(runPid === undefined ? {} : { runPid }),
    });
    return { backend, dispose: () => rm(stateDir, { recursive: true, force: true }) };
  };
  const backendPerTest = (use: (backend: ContainerBackend) => void): void => {
    let current: TestBackend | undefined;
    beforeEach(async () => {
      current = await createBackend();
      use(current.backend);
    });
    afterEach(async () => {
      await current?.backend.close();
      await current?.dispose();
      current = undefined;
    });
  };
  describe(name, () => body({ client, engine, network, createBackend, backendPerTest }));
}

export interface TestBackend {
  backend: ContainerBackend;
  dispose: () => Promise<void>;
}

const podman = await findTestPodman();
