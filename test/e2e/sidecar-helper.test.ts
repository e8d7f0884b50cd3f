/**
 * podvisor-sidecar, the in-pod helper of the universal and ordered-legacy modes, run directly:
 * the universal handshake's markers, the app wrapper's lock and exit record, wait-ready and
 * hold-until-apps-exit. Real processes on loopback and in a temporary directory standing in for
 * the pod's shared emptyDir; every wait is bounded by the helper's own --timeout.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./run-cli.js";

let helper = "";
beforeAll(() => {
  helper = execFileSync(join(repoRoot, "scripts", "sidecar-helper", "build.sh"), { encoding: "utf8" }).trim();
}, 120_000);

const freshState = () => mkdtempSync(join(tmpdir(), "podvisor-helper-"));
const run = (args: string[]) => {
  const result = spawnSync(helper, args, { encoding: "utf8", timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const marker = (state: string) => readFileSync(join(state, "universal", "proxy"), "utf8").trim();
const regularCopy = (state: string, restartPolicy: string) => [
  ...["universal", "regular", "--state", state, "--name", "proxy", "--restart-policy", restartPolicy],
];
const echo = (text: string) => ["--", "sh", "-c", `echo ${text}`];

/** Starts the helper in the background; resolves with its exit code and stdout. */
function start(args: string[]) {
  const child = spawn(helper, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout })),
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, done, exited };
}

describe("universal: the handshake through the marker file", () => {
  it("the native copy's first run records it and exits 0 without running the sidecar", () => {
    const state = freshState();
    const first = run(["universal", "native", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    expect(first).toMatchObject({ code: 0, stdout: "" });
    expect(marker(state)).toBe("first-run");
  });

  it("restarted (only a sidecar-aware kubelet restarts it), it marks itself running and becomes the sidecar", () => {
    const state = freshState();
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    expect(run(["universal", "probe", "--state", state, "--name", "proxy"]).code).toBe(1);
    const second = run(["universal", "native", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    expect(second).toMatchObject({ code: 0, stdout: "SIDECAR\n" });
    expect(marker(state)).toBe("native-running");
    expect(run(["universal", "probe", "--state", state, "--name", "proxy"]).code).toBe(0);
  });

  it("the startup probe also requires the sidecar's own startup condition", () => {
    const state = freshState();
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    const ready = join(state, "ready");
    expect(run(["universal", "probe", "--state", state, "--name", "proxy", "--file", ready]).code).toBe(1);
    writeFileSync(ready, "");
    expect(run(["universal", "probe", "--state", state, "--name", "proxy", "--file", ready]).code).toBe(0);
  });

  it("the regular copy, native running, exits 0 under restartPolicy Never without running the sidecar", () => {
    const state = freshState();
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    const regular = run([...regularCopy(state, "Never"), ...echo("SIDECAR")]);
    expect(regular).toMatchObject({ code: 0, stdout: "" });
  });

  it("the regular copy, native running, idles under restartPolicy Always until SIGTERM, then exits 0", async () => {
    const state = freshState();
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    const idle = start(["universal", "regular", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    await new Promise<void>((resolve) => idle.child.stderr.once("data", () => resolve()));
    idle.child.kill("SIGTERM");
    expect(await idle.done).toEqual({ code: 0, stdout: "" });
  });

  it("the regular copy without a running native copy is the sidecar, and a later native run steps aside", () => {
    const state = freshState();
    run(["universal", "native", "--state", state, "--name", "proxy", ...echo("x")]);
    const regular = run(["universal", "regular", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    expect(regular).toMatchObject({ code: 0, stdout: "SIDECAR\n" });
    expect(marker(state)).toBe("legacy-running");
    const nativeAgain = run(["universal", "native", "--state", state, "--name", "proxy", ...echo("SIDECAR")]);
    expect(nativeAgain).toMatchObject({ code: 0, stdout: "" });
  });

  it("the regular copy of a Job's pod stops the sidecar with SIGTERM once the apps are done, and exits 0", async () => {
    const state = freshState();
    const sidecar = [
      "sh",
      "-c",
      "trap 'echo sidecar got SIGTERM; exit 7' TERM; echo sidecar up; while true; do sleep 0.05; done",
    ];
    const regular = start([...regularCopy(state, "Never"), "--apps", "worker", "--", ...sidecar]);
    const app = run([
      "app",
      "--state",
      state,
      "--name",
      "worker",
      "--",
      "sh",
      "-c",
      "sleep 0.3; echo work done",
    ]);
    expect(app).toMatchObject({ code: 0, stdout: "work done\n" });
    expect(await regular.done).toEqual({ code: 0, stdout: "sidecar up\nsidecar got SIGTERM\n" });
  });
});

describe("app: the wrapper the sidecars watch", () => {
  it("passes the exit status through and records it", () => {
    const state = freshState();
    expect(run(["app", "--state", state, "--name", "web", "--", "sh", "-c", "exit 3"]).code).toBe(3);
    expect(readFileSync(join(state, "apps", "web.exit"), "utf8")).toBe("3\n");
  });

  it("forwards SIGTERM to the app, which exits as an ordinary process would", async () => {
    const state = freshState();
    const app = start([
      "app",
      "--state",
      state,
      "--name",
      "web",
      "--",
      "sh",
      "-c",
      "trap 'echo bye; exit 0' TERM; echo up; while true; do sleep 0.05; done",
    ]);
    await new Promise<void>((resolve) => app.child.stdout.once("data", () => resolve()));
    app.child.kill("SIGTERM");
    expect(await app.done).toEqual({ code: 0, stdout: "up\nbye\n" });
  });
});

describe("hold-until-apps-exit and wait-ready", () => {
  it("holds while an app runs and returns once it exited, naming its exit", async () => {
    const state = freshState();
    const app = start(["app", "--state", state, "--name", "web", "--", "sh", "-c", "echo up; sleep 0.5"]);
    await new Promise<void>((resolve) => app.child.stdout.once("data", () => resolve()));
    const hold = run([
      "hold-until-apps-exit",
      "--state",
      state,
      "--apps",
      "web",
      "--name",
      "proxy",
      "--timeout",
      "10s",
    ]);
    expect(hold.code).toBe(0);
    expect(hold.stderr).toContain("proxy: app containers exited (web: exit 0)");
    expect((await app.done).code).toBe(0);
  });

  it("an app that never started is not waited for; one that outlives the timeout is given up on", async () => {
    const state = freshState();
    expect(
      run(["hold-until-apps-exit", "--state", state, "--apps", "ghost", "--timeout", "10s"]).stderr,
    ).toContain("ghost: never started");
    const app = start(["app", "--state", state, "--name", "web", "--", "sh", "-c", "echo up; sleep 5"]);
    await new Promise<void>((resolve) => app.child.stdout.once("data", () => resolve()));
    const hold = run(["hold-until-apps-exit", "--state", state, "--apps", "web", "--timeout", "300ms"]);
    expect(hold.code).toBe(0);
    expect(hold.stderr).toContain("holding stopped after 300ms: web still running");
    // SIGKILL the wrapper alone (its sleep lingers, as an orphan would in a container).
    app.child.kill("SIGKILL");
    await app.exited;
    // The kernel dropped the lock with the process: no record, but no longer running either.
    expect(existsSync(join(state, "apps", "web.exit"))).toBe(false);
    expect(
      run(["hold-until-apps-exit", "--state", state, "--apps", "web", "--timeout", "300ms"]).stderr,
    ).toContain("web: exited");
  });

  it("wait-ready waits for a port that starts listening, and fails after its timeout", async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    expect(run(["wait-ready", "--tcp", `127.0.0.1:${port}`, "--timeout", "5s"]).code).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const failed = run(["wait-ready", "--name", "proxy", "--tcp", `127.0.0.1:${port}`, "--timeout", "300ms"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("proxy not ready after 300ms");
  });
});
