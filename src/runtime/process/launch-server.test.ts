import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger, systemClock } from "../../shared/index.js";
import type { ContainerLaunchSpec } from "../port.js";
import { detectIsolation } from "./detect-isolation.js";
import type { BindMount } from "./launch-command.js";
import { LaunchServer } from "./launch-server.js";
import type { LaunchEvents } from "./launched-process.js";
import { descendantsOf, waitUntilGone } from "../testing/processes-with-token.js";
import { buildNativeLaunch, defaultLauncherPath } from "./native-launcher.js";
import { createProcessRuntime } from "./process-runtime.js";

const detected = detectIsolation({ PODVISOR_LAUNCHER: "chain" });
const isolation = detected.kind === "none" ? undefined : detected;
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", PV_PROBE: "x" };

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The first line on fd 3: "started" or "error <message>". */
  report: string;
}

/** What every open descriptor of process `pid` refers to ("pipe:[…]", "mnt:[…]", paths). */
function serverFdTargets(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return []; // closed between the listing and the read
    }
  });
}

/** Runs one launch through the server and collects what ProcessContainer would hear. */
function launchThrough(
  server: LaunchServer,
  serverPid: number,
  mounts: BindMount[],
  workingDir: string,
  argv: string[],
  inUserNamespace = isolation!.kind === "userns",
) {
  const tools = isolation!;
  const launch = buildNativeLaunch(
    server.launcherPath,
    tools.tools,
    inUserNamespace,
    mounts,
    workingDir,
    argv,
    serverPid,
  );
  const heard: string[] = [];
  let stdout = "";
  let status = "";
  return new Promise<Outcome & { heard: string[]; pid: number | undefined }>((resolve, reject) => {
    const events: LaunchEvents = {
      spawned: () => heard.push("spawned"),
      failed: reject,
      stdout: (chunk) => (stdout += chunk.toString()),
      stderr: () => undefined,
      status: (chunk) => (status += chunk.toString()),
      exited: () => heard.push("exited"),
      closed: (code, signal) => {
        heard.push("closed");
        resolve({
          status: code,
          signal,
          stdout,
          report: status.split("\n")[0] ?? "",
          heard,
          pid: handle.pid,
        });
      },
    };
    const handle = server.spawner({ launch, env: ENV, cwd: "/", hasStatus: true }, events);
  });
}

/** The same launch spawned by node, as podvisor did before the server. */
function launchDirectly(
  mounts: BindMount[],
  workingDir: string,
  argv: string[],
  inUserNamespace = isolation!.kind === "userns",
): Outcome {
  const tools = isolation!;
  const launch = buildNativeLaunch(
    defaultLauncherPath,
    tools.tools,
    inUserNamespace,
    mounts,
    workingDir,
    argv,
  );
  const result = spawnSync(launch.command, launch.args, {
    env: ENV,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 10_000,
  });
  const report = String(result.output[3] ?? "").split("\n")[0] ?? "";
  return { status: result.status, signal: result.signal, stdout: String(result.stdout), report };
}

describe.runIf(isolation && existsSync(defaultLauncherPath))("the launcher server (issue 17)", () => {
  let dir: string;
  let server: LaunchServer;
  let serverPid: number;
  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), "podvisor-launch-server-")));
    await mkdir(join(dir, "volume"));
    server = new LaunchServer(defaultLauncherPath, silentLogger);
    serverPid = await server.start();
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [string, () => [BindMount[], string, string[]]][] = [
    ["a program not on $PATH", () => [[], "/", ["no-such-program-podvisor"]]],
    ["a missing absolute path", () => [[], "/", ["/no/such/program"]]],
    ["a working directory that does not exist", () => [[], join(dir, "nope"), ["true"]]],
    [
      "a bind mount whose source is missing",
      () => [
        [{ source: join(dir, "gone"), target: join(dir, "volume"), readOnly: false, isDirectory: true }],
        "/",
        ["true"],
      ],
    ],
    ["a program that runs, writes and exits 3", () => [[], "/tmp", ["sh", "-c", "pwd; env | sort; exit 3"]]],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the same status, output and fd 3 report as the launcher spawned by podvisor`, async () => {
      const [mounts, workingDir, argv] = make();
      const { heard, pid, ...through } = await launchThrough(server, serverPid, mounts, workingDir, argv);
      expect(through).toEqual(launchDirectly(mounts, workingDir, argv));
      expect(heard).toEqual(["spawned", "exited", "closed"]);
      expect(pid).toBeGreaterThan(0);
    });
  }

  it("in a user namespace too (the server clones it with the others; PID 1 maps this user to root): the same status, output and fd 3 report", async () => {
    const readOnly = {
      source: join(dir, "volume"),
      target: join(dir, "ro"),
      readOnly: true,
      isDirectory: true,
    };
    const script = 'id -u; touch /ro-test 2>/dev/null; echo "$(cat /proc/1/cmdline | tr "\\0" " ")"; exit 3';
    const cases: [BindMount[], string[]][] = [
      [[], ["sh", "-c", script]],
      [[readOnly], ["sh", "-c", `touch ${readOnly.target}/x || echo read-only`]],
      [[], ["no-such-program-podvisor"]],
    ];
    for (const [mounts, argv] of cases) {
      const {
        heard: _heard,
        pid: _pid,
        ...through
      } = await launchThrough(server, serverPid, mounts, "/", argv, true);
      expect(through).toEqual(launchDirectly(mounts, "/", argv, true));
    }
    const { stdout } = await launchThrough(server, serverPid, [], "/", ["id", "-u"], true);
    expect(stdout).toBe("0\n");
    // Cloned, not forked through a launcher.
    const running = launchThrough(server, serverPid, [], "/", ["sleep", "1000"], true);
    const launched = await launchedUnderServer("sleep");
    expect(launched.map((d) => d.cmdline)).toEqual(["sleep 1000"]);
    process.kill(launched[0]!.pid, "SIGKILL");
    expect(await running).toMatchObject({ status: 137, signal: null });
  });

  it("reports the exact failure messages of the launcher", async () => {
    const missing = await launchThrough(server, serverPid, [], "/", ["no-such-program-podvisor"]);
    expect(missing.report).toBe('error exec: "no-such-program-podvisor": executable file not found in $PATH');
    const cwd = await launchThrough(server, serverPid, [], join(dir, "nope"), ["true"]);
    expect(cwd.report).toBe(`error chdir to cwd ("${join(dir, "nope")}") failed: no such directory`);
    const mount = {
      source: join(dir, "gone"),
      target: join(dir, "volume"),
      readOnly: false,
      isDirectory: true,
    };
    const mounted = await launchThrough(server, serverPid, [mount], "/", ["true"]);
    expect(mounted.report).toMatch(new RegExp(`^error mount ${join(dir, "volume")}: mount: `));
  });

  it("delivers the last line written before the exit, and more than 1 MiB in order", async () => {
    const script =
      "i=0; while [ $i -lt 20000 ]; do echo line-$i-0123456789abcdef0123456789abcdef0123456789; i=$((i+1)); done; printf last";
    const { stdout, status } = await launchThrough(server, serverPid, [], "/", ["sh", "-c", script]);
    const lines = stdout.split("\n");
    expect(status).toBe(0);
    expect(lines).toHaveLength(20001);
    expect(lines[19999]).toMatch(/^line-19999-/);
    expect(lines[20000]).toBe("last");
  });

  /** The processes under the server once `program` runs there (polled, 5 s at most). */
  async function launchedUnderServer(program: string) {
    let launched = descendantsOf(serverPid);
    for (let tries = 0; tries < 100 && !launched.some((d) => d.cmdline.startsWith(program)); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      launched = descendantsOf(serverPid);
    }
    return launched;
  }

  it("clones the container's PID 1 itself: no launcher waits in between, and the pid it reports is PID 1's", async () => {
    const running = launchThrough(server, serverPid, [], "/", ["sleep", "1000"]);
    const launched = await launchedUnderServer("sleep");
    expect(launched.map((d) => d.cmdline)).toEqual(["sleep 1000"]);
    const status = readFileSync(`/proc/${launched[0]!.pid}/status`, "utf8");
    expect(status).toMatch(new RegExp(`^PPid:\\t${serverPid}$`, "m"));
    // Its pid in its own namespace (the last NSpid field) is 1.
    expect(status).toMatch(/^NSpid:\t\d+\t1$/m);
    // Killed by a signal, it reports 128 + N as the launcher (and the shell chain) always did.
    process.kill(launched[0]!.pid, "SIGKILL");
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 137, signal: null, pid: launched[0]!.pid });
  });

  it("holds a container's mount namespace while it runs and lets it go once its exit is reported (its teardown is off the exit's path)", async () => {
    const running = launchThrough(server, serverPid, [], "/", ["sleep", "1000"]);
    const [pid1] = await launchedUnderServer("sleep");
    const mountNamespace = readlinkSync(`/proc/${pid1!.pid}/ns/mnt`);
    const heldWhileRunning = serverFdTargets(serverPid);
    process.kill(pid1!.pid, "SIGKILL");
    await running;
    expect(mountNamespace).not.toBe(readlinkSync("/proc/self/ns/mnt"));
    expect(heldWhileRunning).toContain(mountNamespace);
    // The server's second thread closes it after the exit frame: wait for that, boundedly.
    for (let tries = 0; tries < 200 && serverFdTargets(serverPid).includes(mountNamespace); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(serverFdTargets(serverPid)).not.toContain(mountNamespace);
  });

  it("ends a launch that the server lost with SIGKILL, and starts again at the next one", async () => {
    const running = launchThrough(server, serverPid, [], "/", ["sleep", "1000"]);
    // PID 1 (sleep) runs under the server.
    const launched = await launchedUnderServer("sleep");
    expect(launched).toHaveLength(1);
    process.kill(serverPid, "SIGKILL");
    expect(await running).toMatchObject({ status: null, signal: "SIGKILL" });
    expect(await waitUntilGone(launched.map((d) => d.pid))).toEqual([]);
    serverPid = await server.start();
    expect((await launchThrough(server, serverPid, [], "/", ["true"])).status).toBe(0);
  });

  it("a runtime whose launcher server cannot start fails the container with RunContainerError naming the server", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "podvisor-state-"));
    const runtime = createProcessRuntime({
      stateDir,
      clock: systemClock,
      hostIP: "127.0.0.1",
      isolation: { ...isolation!, launcher: { kind: "native", path: "/no/such/podvisor-launch" } },
    });
    const sandbox = await runtime.createSandbox({
      uid: "u-1",
      name: "web",
      namespace: "default",
      volumes: [],
    });
    const app: ContainerLaunchSpec = {
      name: "app",
      image: "busybox",
      argv: ["true"],
      env: [],
      mounts: [],
      stopSignal: "SIGTERM",
    };
    await expect(runtime.startContainer(sandbox, app, () => undefined)).rejects.toMatchObject({
      reason: "RunContainerError",
      message:
        'container "app": the launcher server /no/such/podvisor-launch could not start: spawn /no/such/podvisor-launch ENOENT',
    });
    await runtime.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("names itself when it cannot start", async () => {
    const broken = new LaunchServer("/no/such/podvisor-launch", silentLogger);
    await expect(broken.start()).rejects.toThrow(
      "the launcher server /no/such/podvisor-launch could not start: spawn /no/such/podvisor-launch ENOENT",
    );
  });
});
