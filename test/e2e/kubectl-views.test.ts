/**
 * `podvisor get/describe/logs` through the built CLI, against the state directory a real
 * `podvisor run` wrote, during the run (from another process) and after it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "./run-cli.js";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function podvisor(args: string[], stateDir: string, options: { onStdout?: (all: string) => void } = {}) {
  const child = spawn(process.execPath, [cliPath, ...args, "--state-dir", stateDir], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", TZ: "UTC" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stdout);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<Result>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const newStateDir = () => mkdtempSync(join(tmpdir(), "podvisor-views-e2e-"));

/** A pod whose init container and app take long enough to be watched from another process. */
const slowPod = `
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  restartPolicy: Never
  initContainers:
    - name: setup
      image: busybox
      command: [sh, -c, "echo setting up; sleep 0.6"]
  containers:
    - name: app
      image: busybox
      command: [sh, -c, "echo one; sleep 0.8; echo two; sleep 0.8; echo three"]
`;

describe("kubectl's views of a run, through the built CLI", () => {
  it("run prints the get pods -w transitions in kubectl's order, then get/describe/logs read the run", async () => {
    const stateDir = newStateDir();
    const run = await podvisor(["run", "-f", join(repoRoot, "examples", "startup-order.yaml")], stateDir);
    expect(run.code).toBe(0);
    const statuses = run.stderr
      .split("\n")
      .filter((l) => l.startsWith("pod/startup-order "))
      .map((l) => /STATUS (\S+)/.exec(l)?.[1]);
    const order = ["Init:0/2", "Init:1/2", "PodInitializing", "Running", "Completed"];
    const positions = order.map((s) => statuses.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const get = await podvisor(["get", "pods"], stateDir);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(
      /^NAME {12}READY {3}STATUS {6}RESTARTS {3}AGE\nstartup-order {3}0\/3 {5}Completed {3}0 {10}\d+s\n$/,
    );

    const describe = await podvisor(["describe", "pod", "startup-order"], stateDir);
    expect(describe.code).toBe(0);
    expect(describe.stdout).toMatch(/^Name: +startup-order\nNamespace: +default\n/);
    expect(describe.stdout).toContain("Init Containers:\n  proxy:\n");
    expect(describe.stdout).toMatch(/ {4}State: +Terminated\n {6}Reason: +Completed\n {6}Exit Code: +0\n/);
    expect(describe.stdout).toMatch(/Events:\n {2}Type +Reason +Age +From +Message\n/);
    expect(describe.stdout).toMatch(/Normal +Started +\d+s +kubelet +Started container app/);

    const logs = await podvisor(["logs", "startup-order", "-c", "proxy"], stateDir);
    expect(logs).toEqual({ code: 0, stdout: "proxy: warming up\nproxy: ready\n", stderr: "" });

    const jsonpath = await podvisor(["get", "pods", "-o", "jsonpath={.items[*].status.phase}"], stateDir);
    expect(jsonpath.stdout).toBe("Succeeded");
  });

  it("from another process during a run: get pods -w prints each change until the run ends; logs -f follows", async () => {
    const stateDir = newStateDir();
    const manifest = join(stateDir, "slow.yaml");
    writeFileSync(manifest, slowPod);
    let watch: Promise<Result> | undefined;
    let follow: Promise<Result> | undefined;
    const run = podvisor(["run", "-f", manifest, "--no-events", "--no-pod-status"], stateDir, {
      onStdout: (all) => {
        // The pod exists once it prints: start the watchers from "another terminal".
        if (watch === undefined && all.includes("setting up")) {
          watch = podvisor(["get", "pods", "-w"], stateDir);
        }
        if (follow === undefined && all.includes("one")) follow = podvisor(["logs", "slow", "-f"], stateDir);
      },
    });
    const ran = await run;
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe("");
    const watched = await watch;
    const followed = await follow;
    expect(watched?.code).toBe(0);
    const rows = watched?.stdout.trimEnd().split("\n") ?? [];
    expect(rows[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(rows.at(-1)).toMatch(/^slow +0\/1 +Completed +0 +\d+s$/);
    expect(rows.length).toBeGreaterThan(2);
    expect(followed).toMatchObject({ code: 0, stdout: "one\ntwo\nthree\n" });
  });

  it("errors: a pod that does not exist, no runs, a corrupt state directory, a malformed saved object", async () => {
    const stateDir = newStateDir();
    const none = await podvisor(["get", "pods"], stateDir);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^error: no runs in the state directory/);

    await podvisor(["run", "-f", join(repoRoot, "examples", "startup-order.yaml"), "--no-events"], stateDir);
    for (const args of [
      ["get", "pods", "nope"],
      ["describe", "pod", "nope"],
      ["logs", "nope"],
    ]) {
      const result = await podvisor(args, stateDir);
      expect(result).toMatchObject({
        code: 1,
        stderr: 'Error from server (NotFound): pods "nope" not found\n',
      });
    }

    writeFileSync(join(stateDir, "latest", "pods", "default_startup-order.json"), "{ torn");
    const corrupt = await podvisor(["describe", "pod", "startup-order"], stateDir);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(
      /^error: the state directory is corrupt: .*default_startup-order\.json is not valid JSON/,
    );
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);

    const saved = join(stateDir, "saved.yaml");
    writeFileSync(saved, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: 3\n");
    const malformed = await podvisor(["get", "pods", "-f", saved], stateDir);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(`error: ${saved}: Pod "x": spec.containers must be a list\n`);
  });
});
