import { spawnSync } from "node:child_process";
import { get } from "node:http";
import { expect, it } from "vitest";
import type { PodSandbox } from "../port.js";
import { LogCollector } from "../testing/log-collector.js";
import type { PodSandboxSpec } from "../port.js";
import type { ContainerBackend } from "./container-backend.js";
import type { ContainerCreateSpec } from "./container-config.js";
import { cleanupDeadRuns, isProcessAlive } from "./run-cleanup.js";
import { describeOnPodman, TEST_IMAGES } from "./testing/test-podman.js";

/** What a pod gets from the container backend beyond the contract: real sandboxes, images, exec, cleanup. */
describeOnPodman(
  "container backend: pods as real containers (Podman)",
  ({ client, createBackend, backendPerTest, engine }) => {
    let backend: ContainerBackend;
    backendPerTest((fresh) => (backend = fresh));
    const pod = (more: Partial<PodSandboxSpec> = {}): PodSandboxSpec => ({
      uid: `uid-${Math.random().toString(36).slice(2)}`,
      name: "web",
      namespace: "default",
      volumes: [],
      ...more,
    });
    const run = async (sandbox: PodSandbox, spec: Partial<ContainerCreateSpec> & { name: string }) => {
      const logs = new LogCollector();
      const started = await backend.createContainer(
        sandbox,
        { image: TEST_IMAGES.busybox, env: [], mounts: [], ...spec },
        logs.sink,
      );
      return { ...started, logs };
    };

    it("the pod's containers share its network (localhost) and its hostname; the host reaches the pod at its own IP", async () => {
      const sandbox = await backend.createPodSandbox(pod());
      const server = await run(sandbox, {
        name: "server",
        command: ["sh", "-c", "httpd -p 8080 -h /fixtures && echo ready && exec sleep 1000"],
      });
      await server.logs.waitFor("ready");
      const client = await run(sandbox, {
        name: "client",
        command: ["sh", "-c", "hostname; wget -q -O- http://localhost:8080/print-cwd.sh | tail -n 1"],
      });
      expect(await client.exited).toMatchObject({ exitCode: 0 });
      expect(client.logs.texts()).toEqual(["web", "pwd -P"]);
      expect(await httpGet(`http://${sandbox.ip}:8080/print-cwd.sh`)).toContain("pwd -P");
    });

    it("shareProcessNamespace: a container sees the infra's and its siblings' processes; without it only its own", async () => {
      const shared = await backend.createPodSandbox(pod({ shareProcessNamespace: true }));
      const sees = await run(shared, { name: "ps", command: ["ps", "-o", "args"] });
      await sees.exited;
      // busybox ps shows a shell script's process as "{name} interpreter script".
      expect(sees.logs.texts()).toEqual(["COMMAND", "{pause} /bin/sh /pause", "sleep 86400", "ps -o args"]);

      const own = await backend.createPodSandbox(pod({ name: "alone" }));
      const alone = await run(own, { name: "ps", command: ["ps", "-o", "args"] });
      await alone.exited;
      expect(alone.logs.texts()).toEqual(["COMMAND", "ps -o args"]);
    });

    it.each([
      ["neither command nor args: the image's ENTRYPOINT and CMD", {}, ["from-entrypoint", "from-cmd"]],
      ["args alone: the image's ENTRYPOINT with the args", { args: ["mine"] }, ["from-entrypoint", "mine"]],
      ["command alone: the image's CMD is dropped", { command: ["/fixtures/print-args.sh", "own"] }, ["own"]],
      ["command alone runs in the image's WORKDIR", { command: ["/fixtures/print-cwd.sh"] }, ["/fixtures"]],
    ])("%s", async (_name, spec, lines) => {
      const sandbox = await backend.createPodSandbox(pod());
      const c = await run(sandbox, { name: "app", image: TEST_IMAGES.entrypoint, ...spec });
      await c.exited;
      expect(c.logs.texts()).toEqual(lines);
    });

    it("a missing executable: RunContainerError with the engine's own message, the failed container reported as left exited (A17, containerd's StartError) and removed", async () => {
      const sandbox = await backend.createPodSandbox(pod());
      const failed = await run(sandbox, { name: "app", command: ["no-such-tool-podvisor"] }).catch(
        (error: unknown) => error,
      );
      expect(failed).toMatchObject({
        reason: "RunContainerError",
        message: expect.stringContaining("no-such-tool-podvisor") as unknown,
        leftExited: { containerId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
      });
      // The engine's text as it is, as the kubelet keeps the CRI's (no `container "app": ` before it).
      expect((failed as Error).message).not.toMatch(/^container "/);
      const id = (failed as { leftExited: { containerId: string } }).leftExited.containerId;
      await expect(client.json({ method: "GET", path: `/containers/${id}/json` })).rejects.toMatchObject({
        statusCode: 404,
      });
    });

    it("the image's STOPSIGNAL is sent when the spec names none", async () => {
      const sandbox = await backend.createPodSandbox(pod());
      const c = await run(sandbox, {
        name: "app",
        image: TEST_IMAGES.entrypoint, // STOPSIGNAL SIGUSR1
        command: ["sh", "-c", "trap 'echo got USR1; exit 5' USR1; echo ready; sleep 1000 & wait"],
      });
      await c.logs.waitFor("ready");
      await backend.stopContainer(c.id, 10_000);
      expect(await c.exited).toMatchObject({ exitCode: 5, reason: "Error" });
      expect(c.logs.texts()).toContain("got USR1");
    });

    it("imagePullPolicy: a present image is used as it is; Never without the image is ErrImageNeverPull; an unreachable registry is ErrImagePull", async () => {
      const present = await backend.ensureImage(TEST_IMAGES.busybox, "IfNotPresent");
      expect(present).toMatchObject({
        wasPulled: false,
        // Podman gives an imported image a repo digest; Docker keeps digests for pulled images only.
        imageRef: expect.stringMatching(
          engine === "podman"
            ? /^localhost\/podvisor\/busybox@sha256:[0-9a-f]{64}$/
            : /^sha256:[0-9a-f]{64}$/,
        ) as unknown,
      });
      await expect(backend.ensureImage("localhost/podvisor/absent:1", "Never")).rejects.toMatchObject({
        reason: "ErrImageNeverPull",
        message: 'Container image "localhost/podvisor/absent:1" is not present with pull policy of Never',
      });
      // Port 1 on loopback: nothing listens, so the pull fails without leaving the machine.
      await expect(
        backend.ensureImage("localhost:1/podvisor/absent:1", "IfNotPresent"),
      ).rejects.toMatchObject({
        reason: "ErrImagePull",
        code: "IMAGE_PULL_FAILED",
        message: expect.stringContaining('failed to pull image "localhost:1/podvisor/absent:1"') as unknown,
      });
    });

    it("exec runs in the container's environment with its exit code and output; a timeout is reported; an exited container answers 126", async () => {
      const sandbox = await backend.createPodSandbox(pod());
      const c = await run(sandbox, {
        name: "app",
        command: ["sh", "-c", "echo ready; exec sleep 1000"],
        env: [["GREETING", "hi"]],
      });
      await c.logs.waitFor("ready");
      await expect(
        backend.execInContainer(c.id, ["sh", "-c", "echo $GREETING $(hostname); exit 3"], 10_000),
      ).resolves.toEqual({
        exitCode: 3,
        output: "hi web\n",
        timedOut: false,
      });
      await expect(backend.execInContainer(c.id, ["sleep", "3"], 200)).resolves.toMatchObject({
        timedOut: true,
      });
      await backend.stopContainer(c.id, 0);
      await expect(backend.execInContainer(c.id, ["true"], 1_000)).resolves.toMatchObject({ exitCode: 126 });
    });

    it("cleanup removes every container of a run whose podvisor is gone, says which, and leaves live runs alone", async () => {
      const deadPid = spawnSync("true").pid ?? 0; // a pid that existed and is gone
      const dead = await createBackend(deadPid);
      const deadSandbox = await dead.backend.createPodSandbox(pod({ name: "leftover" }));
      const leftover = await dead.backend.createContainer(
        deadSandbox,
        { name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "1000"], env: [], mounts: [] },
        () => undefined,
      );
      const live = await backend.createPodSandbox(pod({ name: "live" }));

      // Only the fake dead run counts as dead here: test files run in parallel, and a podvisor run
      // in another file may clean up the same leftovers first (then this report is empty).
      const report = await cleanupDeadRuns(client, (pid) => pid !== deadPid && isProcessAlive(pid));
      expect([0, 2]).toContain(report.containers.length);
      expect(report.containers.every((name) => name.includes("_leftover_"))).toBe(true);
      await leftover.exited;
      await expect(
        client.json({ method: "GET", path: `/containers/${leftover.id}/json` }),
      ).rejects.toMatchObject({
        statusCode: 404,
      });
      await expect(
        client.json({ method: "GET", path: `/containers/${live.id}/json` }),
      ).resolves.toBeDefined();
      await dead.backend.close();
      await dead.dispose();
    });
  },
);

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 5_000 }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve(text));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}
