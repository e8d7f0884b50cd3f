import { describeRuntimeContract } from "../testing/contract.js";
import { describeOnPodman, TEST_IMAGES } from "./testing/test-podman.js";

/**
 * The runtime contract suite against the container backend on a real Podman (the API service
 * scripts/podman/setup.sh starts, the images scripts/podman/build-test-images.sh builds). Fixture
 * programs run from the image's /fixtures, the node ones replaced by busybox-sh equivalents
 * (test/fixtures/images/).
 */
describeOnPodman("container backend on Podman", ({ createBackend, engine }) => {
  describeRuntimeContract("container (Podman)", async () => {
    const { backend, dispose } = await createBackend();
    return {
      runtime: backend,
      elapse: () => Promise.resolve(), // real containers: real time passes by itself
      capabilities: { hasRealMounts: true, hasOwnPodIp: true },
      fixture: (name) => `/fixtures/${name.replace(/\.mjs$/, ".sh")}`,
      image: TEST_IMAGES.busybox,
      // Every container gets HOME (from /etc/passwd, as every engine sets it); a Podman one also
      // container=podman (libpod) and TERM (containers.conf's default env).
      engineEnv:
        engine === "podman" ? { HOME: "/root", container: "podman", TERM: "xterm" } : { HOME: "/root" },
      dispose,
    };
  });
});
