import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { ContainerLaunchSpec, PodSandboxSpec } from "../port.js";
import { LogCollector } from "../testing/log-collector.js";
import type { ContainerBackend } from "./container-backend.js";
import { listLabelled } from "./pod-sandbox.js";
import { describeOnPodman, TEST_IMAGES } from "./testing/test-podman.js";

/**
 * Containers prepared ahead of their turn (docs/container-backend.md): created and attached, their
 * program not run until the turn's start; used only when the turn would create the same; never
 * left behind.
 */
describeOnPodman(
  "container backend: containers prepared ahead of their turn (Podman)",
  ({ client, backendPerTest }) => {
    let backend: ContainerBackend;
    backendPerTest((fresh) => (backend = fresh));
    const pod = (): PodSandboxSpec => ({
      uid: `uid-${Math.random().toString(36).slice(2)}`,
      name: "prepared",
      namespace: "default",
      volumes: [{ name: "work", kind: "emptyDir" }],
    });
    const app = (more: Partial<ContainerLaunchSpec> = {}): ContainerLaunchSpec => ({
      name: "app",
      image: TEST_IMAGES.busybox,
      argv: ["sh", "-c", "echo $GREETING >> /work/order; cat /work/order"],
      env: [["GREETING", "ran"]],
      mounts: [{ volume: "work", mountPath: "/work", readOnly: false }],
      stopSignal: "SIGTERM",
      ...more,
    });
    /** The pod's containers in the engine (infra left out), with their state. */
    const containersOf = async (uid: string) =>
      (
        (await listLabelled(client, "io.kubernetes.pod.uid", uid)) as {
          Id: string;
          State: string;
          Labels: Record<string, string>;
        }[]
      ).filter((c) => c.Labels["io.podvisor.role"] === "container");

    it("a prepared container is created, not run; its turn starts that very container, whose program runs then", async () => {
      const spec = pod();
      const sandbox = await backend.createPodSandbox(spec);
      await backend.prepareContainer(sandbox, app());
      const [prepared, ...others] = await containersOf(spec.uid);
      expect(others).toEqual([]);
      expect(prepared?.State).toBe("created");
      // Written after the preparation: a program run early would have written its line before it.
      await writeFile(join(sandbox.volumeDirs.work ?? "", "order"), "before the turn\n");
      const logs = new LogCollector();
      const started = await backend.startContainer(sandbox, app(), logs.sink);
      expect(started.id).toBe(prepared?.Id);
      expect(await started.exited).toMatchObject({ exitCode: 0 });
      expect(logs.texts()).toEqual(["before the turn", "ran"]);
    });

    it("a turn whose create body differs (another env value) removes the prepared container and creates afresh", async () => {
      const spec = pod();
      const sandbox = await backend.createPodSandbox(spec);
      await backend.prepareContainer(sandbox, app());
      const [prepared] = await containersOf(spec.uid);
      const logs = new LogCollector();
      const started = await backend.startContainer(
        sandbox,
        app({ env: [["GREETING", "changed"]] }),
        logs.sink,
      );
      expect(started.id).not.toBe(prepared?.Id);
      expect(await started.exited).toMatchObject({ exitCode: 0 });
      expect(logs.texts()).toEqual(["changed"]);
      await expect(
        client.json({ method: "GET", path: `/containers/${prepared?.Id}/json` }),
      ).rejects.toMatchObject({ statusCode: 404 });
    });

    it("a container never started is removed with its sandbox; an absent image prepares nothing (it is never pulled)", async () => {
      const spec = pod();
      const sandbox = await backend.createPodSandbox(spec);
      await backend.prepareContainer(sandbox, app({ name: "absent", image: "localhost/podvisor/absent:1" }));
      expect(await containersOf(spec.uid)).toEqual([]);
      await backend.prepareContainer(sandbox, app());
      expect(await containersOf(spec.uid)).toHaveLength(1);
      await backend.removeSandbox(sandbox);
      expect(await listLabelled(client, "io.kubernetes.pod.uid", spec.uid)).toEqual([]);
    });
  },
);
