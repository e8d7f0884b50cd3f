import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../shared/index.js";
import type { ContainerLaunchSpec, ContainerRuntime, PodSandbox } from "../port.js";
import { describeRuntimeContract } from "../testing/contract.js";
import { fixture } from "../testing/fixture-programs.js";
import { LogCollector } from "../testing/log-collector.js";
import { waitUntilNoProcessWithToken } from "../testing/processes-with-token.js";
import { detectIsolation, type Isolation } from "./detect-isolation.js";
import { createProcessRuntime } from "./process-runtime.js";

const detected = detectIsolation();
const noIsolation: Isolation = { kind: "none", why: "forced by the test" };
// As root, the unprivileged path (a user namespace mapping us to root) can be exercised too.
const userns: Isolation | undefined =
  detected.kind === "namespaces" ? { ...detected, kind: "userns" } : undefined;

async function createWith(isolation: Isolation, useLaunchServer = true) {
  const stateDir = await mkdtemp(join(tmpdir(), "podvisor-state-"));
  return {
    runtime: createProcessRuntime({
      stateDir,
      clock: systemClock,
      hostIP: "127.0.0.1",
      isolation,
      useLaunchServer,
    }),
    elapse: () => Promise.resolve(), // real processes: real time passes by itself
    capabilities: { hasRealMounts: isolation.kind !== "none" },
    dispose: () => rm(stateDir, { recursive: true, force: true }),
  };
}

const launcherName = detected.kind === "none" ? "" : `, ${detected.launcher.kind} launcher`;
describeRuntimeContract(`process (${detected.kind}${launcherName})`, () => createWith(detected));
// Where the native launcher runs, the shell chain it falls back to must keep every guarantee too,
// and so must the launcher spawned by podvisor itself (PODVISOR_LAUNCH_SERVER=off).
if (detected.kind !== "none" && detected.launcher.kind === "native") {
  describeRuntimeContract(`process (${detected.kind}, shell chain launcher: the fallback)`, () =>
    createWith({ ...detected, launcher: { kind: "chain", why: "forced by the test" } }),
  );
  describeRuntimeContract(`process (${detected.kind}, native launcher without its server)`, () =>
    createWith(detected, false),
  );
}
if (userns)
  describeRuntimeContract("process (user namespace, as unprivileged users get it)", () => createWith(userns));
describeRuntimeContract("process (no namespaces: the non-Linux fallback)", () => createWith(noIsolation));

describe("process runtime", () => {
  let runtime: ContainerRuntime;
  let sandbox: PodSandbox;
  let stateDir: string;
  const spec = (argv: string[], more: Partial<ContainerLaunchSpec> = {}): ContainerLaunchSpec => ({
    name: "app",
    image: "example/app:1",
    argv,
    env: [],
    mounts: [],
    stopSignal: "SIGTERM",
    ...more,
  });

  beforeEach(async () => {
    stateDir = await realpath(await mkdtemp(join(tmpdir(), "podvisor-state-")));
    runtime = createProcessRuntime({
      stateDir,
      clock: systemClock,
      hostIP: "127.0.0.1",
      isolation: detected,
    });
    sandbox = await runtime.createSandbox({
      uid: "u-1",
      name: "web",
      namespace: "default",
      volumes: [{ name: "data", kind: "emptyDir" }],
    });
  });
  afterEach(async () => {
    await runtime.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("refuses an empty argv with CreateContainerError naming the container and the fix", async () => {
    await expect(runtime.startContainer(sandbox, spec([]), () => undefined)).rejects.toMatchObject({
      reason: "CreateContainerError",
      message: expect.stringMatching(/container "app" has no command.*set command/) as unknown,
    });
  });

  it("reports a missing executable like containerd does", async () => {
    await expect(
      runtime.startContainer(sandbox, spec(["no-such-tool"]), () => undefined),
    ).rejects.toMatchObject({
      reason: "RunContainerError",
      message: 'container "app": exec: "no-such-tool": executable file not found in $PATH',
    });
  });

  it("defaults PATH to containerd's and starts in / without a workingDir", async () => {
    const logs = new LogCollector();
    const c = await runtime.startContainer(sandbox, spec(["/bin/sh", "-c", 'echo "$PATH"; pwd']), logs.sink);
    await c.exited;
    expect(logs.texts()).toEqual(["/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "/"]);
  });

  it("materializes emptyDir and files volumes under the state directory and removes them with the sandbox", async () => {
    const pod = {
      uid: "u-2",
      name: "files",
      namespace: "default",
      volumes: [
        {
          name: "cfg",
          kind: "files" as const,
          files: [{ path: "a/run.sh", data: new TextEncoder().encode("#!/bin/sh\n"), mode: 0o755 }],
        },
      ],
    };
    const box = await runtime.createSandbox(pod);
    expect(box.volumeDirs["cfg"]).toBe(join(stateDir, "pods", "u-2", "volumes", "cfg"));
    expect((await stat(join(box.volumeDirs["cfg"]!, "a/run.sh"))).mode & 0o777).toBe(0o755);
    await runtime.removeSandbox(box);
    await expect(stat(join(stateDir, "pods", "u-2"))).rejects.toThrow();
  });

  it.runIf(detected.kind !== "none")(
    "runs the container as PID 1 of its own pid namespace; exec joins it and sees its mounts",
    async () => {
      const mountPath = join(stateDir, "mnt", "data");
      const logs = new LogCollector();
      const c = await runtime.startContainer(
        sandbox,
        spec([fixture("ignore-sigterm.sh")], {
          workingDir: "/tmp",
          mounts: [{ volume: "data", mountPath, readOnly: false }],
        }),
        logs.sink,
      );
      await logs.waitFor("ready");
      const result = await runtime.execInContainer(
        c.id,
        ["/bin/sh", "-c", `echo $$ > ${mountPath}/x; cat /proc/1/cmdline | tr '\\0' ' '; echo; pwd; exit 4`],
        5_000,
      );
      expect(result).toEqual({
        exitCode: 4,
        output: `/bin/sh ${fixture("ignore-sigterm.sh")} \n/tmp\n`,
        timedOut: false,
      });
      expect((await readFile(join(sandbox.volumeDirs["data"]!, "x"), "utf8")).trim()).not.toBe(""); // written through the bind mount
      await runtime.stopContainer(c.id, 0);
      await runtime.removeSandbox(sandbox);
      await expect(stat(join(stateDir, "mnt"))).rejects.toThrow(); // mount points podvisor created are gone
    },
  );

  it.runIf(detected.kind !== "none")(
    "mounts a volume nested inside another one's mountPath, and a single file by subPath",
    async () => {
      const pod = {
        uid: "u-5",
        name: "nested",
        namespace: "default",
        volumes: [
          { name: "outer", kind: "emptyDir" as const },
          {
            name: "cfg",
            kind: "files" as const,
            files: [{ path: "app.conf", data: new TextEncoder().encode("x=1\n"), mode: 0o600 }],
          },
        ],
      };
      const box = await runtime.createSandbox(pod);
      const at = join(stateDir, "srv");
      const logs = new LogCollector();
      const c = await runtime.startContainer(
        box,
        spec([fixture("cat-file.sh"), join(at, "etc", "app.conf")], {
          mounts: [
            { volume: "outer", mountPath: at, readOnly: false },
            { volume: "cfg", mountPath: join(at, "etc", "app.conf"), readOnly: true, subPath: "app.conf" },
          ],
        }),
        logs.sink,
      );
      expect(await c.exited).toMatchObject({ exitCode: 0 });
      expect(logs.texts()).toEqual(["x=1", "writable"]); // the probe file lands next to it, in "outer"
      expect((await stat(join(box.volumeDirs["outer"]!, "etc", "app.conf"))).size).toBe(0); // the mount point
      await runtime.removeSandbox(box);
      await expect(stat(at)).rejects.toThrow();
    },
  );

  it("kills an exec that outlives its timeout", async () => {
    const logs = new LogCollector();
    const c = await runtime.startContainer(sandbox, spec([fixture("ignore-sigterm.sh")]), logs.sink);
    await logs.waitFor("ready");
    const result = await runtime.execInContainer(c.id, ["/bin/sh", "-c", "echo started; sleep 30"], 1_000);
    expect(result).toMatchObject({ timedOut: true, output: "started\n" });
  });

  it("close() leaves no process behind, grandchildren included", async () => {
    const token = randomUUID();
    const logs = new LogCollector();
    await runtime.startContainer(
      sandbox,
      spec([fixture("spawn-tree.sh")], { env: [["PV_LEAK_TOKEN", token]] }),
      logs.sink,
    );
    await logs.waitFor("ready");
    await runtime.close();
    expect(await waitUntilNoProcessWithToken(token)).toEqual([]);
  });

  it("checkPod names each mount it cannot honour without namespaces, and passes containers without mounts", async () => {
    const fallback = createProcessRuntime({
      stateDir,
      clock: systemClock,
      hostIP: "127.0.0.1",
      isolation: { kind: "none", why: "platform is darwin, not Linux" },
    });
    const pod = {
      uid: "u-3",
      name: "web",
      namespace: "default",
      volumes: [{ name: "data", kind: "emptyDir" as const }],
    };
    const problems = await fallback.checkPod(pod, [
      spec(["/bin/true"], { name: "plain" }),
      spec(["/bin/true"], {
        name: "app",
        mounts: [{ volume: "data", mountPath: "/var/data", readOnly: false }],
      }),
    ]);
    expect(problems).toEqual([
      'container "app" mounts volume "data" at "/var/data": this host cannot give the container a private mount namespace (platform is darwin, not Linux); run podvisor as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)',
    ]);
    const creatable = join(stateDir, "var", "data");
    expect(
      await runtime.checkPod(pod, [
        spec(["/bin/true"], { mounts: [{ volume: "data", mountPath: creatable, readOnly: false }] }),
      ]),
    ).toEqual(detected.kind === "none" ? [expect.stringContaining(creatable)] : []);
    await fallback.close();
  });

  it.runIf(detected.kind === "userns")(
    "checkPod (unprivileged) reports a mount point this user cannot create on the host",
    async () => {
      const pod = {
        uid: "u-4",
        name: "web",
        namespace: "default",
        volumes: [{ name: "data", kind: "emptyDir" as const }],
      };
      const mounts = [{ volume: "data", mountPath: "/var/podvisor-no-such/data", readOnly: false }];
      expect(await runtime.checkPod(pod, [spec(["/bin/true"], { mounts })])).toEqual([
        'container "app" mounts volume "data" at "/var/podvisor-no-such/data": the mount point does not exist and this user cannot create it on the host; create it (mkdir -p /var/podvisor-no-such/data), or run podvisor as root',
      ]);
    },
  );
});
