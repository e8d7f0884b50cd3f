import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { systemClock } from "../../shared/system-clock.js";
import { describeRuntimeContract } from "../testing/contract.js";
import { ContainerBackend } from "./container-backend.js";
import { removeRunNetwork } from "./run-cleanup.js";
import { findTestPodman, TEST_IMAGES, testNetworkName } from "./testing/test-podman.js";

/**
 * The runtime contract suite against the container backend on a real Podman (the API service
 * scripts/podman/setup.sh starts, the images scripts/podman/build-test-images.sh builds). Fixture
 * programs run from the image's /fixtures, node ones replaced by busybox-sh equivalents
 * (test/fixtures/images/). Without Podman: a failure in CI, a skip with the reason elsewhere.
 */
const podman = await findTestPodman();

if (podman.kind === "missing") {
  if (process.env.CI) {
    describe("container backend on Podman", () => {
      it("has a Podman API service to run against (CI must start one)", () => {
        throw new Error(podman.why);
      });
    });
  } else {
    describe.skip(`container backend on Podman: skipped, ${podman.why}`, () => {
      it("runs the contract suite", () => undefined);
    });
  }
} else {
  const network = testNetworkName();
  afterAll(() => removeRunNetwork(podman.client, network));

  describeRuntimeContract("container (Podman)", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "podvisor-state-"));
    return {
      runtime: new ContainerBackend({
        client: podman.client,
        engine: "podman",
        clock: systemClock,
        stateDir,
        runId: `test-${randomBytes(4).toString("hex")}`,
        network,
        pauseImage: TEST_IMAGES.pause,
      }),
      elapse: () => Promise.resolve(), // real containers: real time passes by itself
      capabilities: { hasRealMounts: true, hasOwnPodIp: true },
      fixture: (name) => `/fixtures/${name.replace(/\.mjs$/, ".sh")}`,
      image: TEST_IMAGES.busybox,
      // Every Podman container gets these (libpod adds container=podman; HOME from /etc/passwd;
      // TERM from containers.conf's default env).
      engineEnv: { HOME: "/root", container: "podman", TERM: "xterm" },
      dispose: () => rm(stateDir, { recursive: true, force: true }),
    };
  });
}
