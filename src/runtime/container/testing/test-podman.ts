import { randomBytes } from "node:crypto";
import { EngineClient } from "../engine-client.js";

/** The socket scripts/podman/setup.sh starts by default. */
export const DEFAULT_TEST_SOCKET = "/run/podvisor-podman/podman.sock";

/** Test images built by scripts/podman/build-test-images.sh (no registry involved). */
export const TEST_IMAGES = {
  busybox: "localhost/podvisor/busybox:test",
  pause: "localhost/podvisor/pause:test",
  entrypoint: "localhost/podvisor/entrypoint:test",
} as const;

export type TestPodman =
  { kind: "ready"; client: EngineClient; socketPath: string } | { kind: "missing"; why: string };

/**
 * The Podman the container tests run against: PODVISOR_PODMAN_SOCKET, else setup.sh's default
 * socket; it must answer and hold the test images. Tests start no engine themselves.
 */
export async function findTestPodman(): Promise<TestPodman> {
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
  return { kind: "ready", client, socketPath };
}

/** A network name of this test run alone (the only network the tests' traffic may go to). */
export function testNetworkName(): string {
  return `podvisor-test-${process.pid}-${randomBytes(3).toString("hex")}`;
}
