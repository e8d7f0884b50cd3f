import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { listLabelled } from "../../src/runtime/container/pod-sandbox.js";
import { describeOnPodman, TEST_IMAGES } from "../../src/runtime/container/testing/test-podman.js";
import { linesOf, startCli } from "./run-cli.js";

/**
 * Containers prepared ahead of their turn (docs/container-backend.md), end to end on the test
 * Podman: while the init container runs, the app's container already exists in the engine,
 * created and not running; the containers' own output shows the app ran only after the init
 * container; nothing of the pod is left in the engine after the run.
 */
const podNamed = (name: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: Never
  volumes: [{ name: work, emptyDir: {} }]
  initContainers:
    - name: init
      image: ${TEST_IMAGES.busybox}
      command: [sh, -c, 'echo init sleeping; sleep 3; echo init >> /work/order']
      volumeMounts: [{ name: work, mountPath: /work }]
  containers:
    - name: app
      image: ${TEST_IMAGES.busybox}
      command: [sh, -c, 'echo app >> /work/order; echo order: $(cat /work/order)']
      volumeMounts: [{ name: work, mountPath: /work }]
`;

/** How long the test looks for the prepared container while the init container sleeps (3 s). */
const LOOK_FOR_PREPARED_MS = 2_500;

describeOnPodman(
  "podvisor run --runtime container: containers prepared ahead of their turn (Podman)",
  ({ client, network }) => {
    const env = {
      DOCKER_HOST: `unix://${client.socketPath}`,
      PODVISOR_PAUSE_IMAGE: TEST_IMAGES.pause,
      PODVISOR_NETWORK: network,
    };
    const podContainers = async (podName: string) =>
      (await listLabelled(client, "io.kubernetes.pod.name", podName)) as {
        State?: string;
        Labels: Record<string, string>;
      }[];

    it("the app's container is created while the init container runs, runs only after it, and nothing is left after the run", async () => {
      const name = `prepared-${randomBytes(3).toString("hex")}`;
      const run = startCli(["run", "--runtime", "container", "-f", "-"], { stdin: podNamed(name), env });
      await run.waitForOutput("init sleeping");
      let appState: string | undefined;
      for (const until = Date.now() + LOOK_FOR_PREPARED_MS; appState === undefined && Date.now() < until;) {
        const app = (await podContainers(name)).find(
          (c) => c.Labels["io.kubernetes.container.name"] === "app",
        );
        appState = app?.State;
        if (appState === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(appState).toBe("created");
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
      expect(linesOf(result.stdout, "app")).toEqual(["order: init app"]);
      expect(await podContainers(name)).toEqual([]);
    }, 60_000);
  },
);
