import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { StateStore } from "../../store/index.js";
import { runCli } from "../testing/run-cli.js";

const t0 = Date.UTC(2026, 0, 1);
const iso = (s: number) => new Date(t0 + s * 1000).toISOString().replace(".000Z", "Z");

const web: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", creationTimestamp: iso(0) },
  spec: {
    initContainers: [{ name: "proxy", image: "envoy:1", restartPolicy: "Always" }],
    containers: [{ name: "app", image: "shop:2" }],
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True" }],
    initContainerStatuses: [
      {
        name: "proxy",
        image: "envoy:1",
        imageID: "",
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: iso(1) } },
      },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "shop:2",
        imageID: "",
        ready: true,
        started: true,
        restartCount: 1,
        state: { running: { startedAt: iso(20) } },
        lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: iso(10) } },
      },
    ],
  },
};

async function stateDir(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "podvisor-views-"));
  const store = new StateStore(root, { id: "run-1", pid: 1, argv: [], startedAt: iso(0) });
  store.recordPod(web);
  store.recordLog(web, "app", 0, { stream: "stdout", text: "first try", timeMs: t0 + 2000, partial: false });
  store.recordLog(web, "app", 1, {
    stream: "stdout",
    text: "second try",
    timeMs: t0 + 21_000,
    partial: false,
  });
  store.recordLog(web, "proxy", 0, { stream: "stderr", text: "proxy up", timeMs: t0 + 1500, partial: false });
  store.recordEvent({
    type: "Normal",
    reason: "Started",
    message: "Started container app",
    involvedObject: { kind: "Pod", namespace: "default", name: "web", fieldPath: "spec.containers{app}" },
    timeMs: t0 + 20_000,
    source: "kubelet",
  });
  // Flushes the logs and events; the run's metadata then says it is over, so -w and -f stop.
  await store.close(0, iso(60));
  return root;
}

function cli(args: string[], options: { root?: string; stdin?: string } = {}) {
  const root = options.root;
  return runCli(root === undefined ? args : [...args, "--state-dir", root], {
    nowMs: t0 + 60_000,
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
}

describe("podvisor get", () => {
  it("get pods prints kubectl's table for the latest run, RESTARTS with (… ago)", async () => {
    const result = await cli(["get", "pods"], { root: await stateDir() });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      "NAME   READY   STATUS    RESTARTS      AGE\nweb    2/2     Running   1 (50s ago)   60s\n",
    );
  });

  it("get pods NAME for a pod that does not exist: kubectl's NotFound, exit 1", async () => {
    const result = await cli(["get", "pods", "nope"], { root: await stateDir() });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });

  it("-o name, -o jsonpath", async () => {
    const root = await stateDir();
    expect((await cli(["get", "pods", "-o", "name"], { root })).stdout).toBe("pod/web\n");
    const jsonpath = await cli(
      ["get", "pods", "-o", "jsonpath={.items[*].status.containerStatuses[*].restartCount}"],
      { root },
    );
    expect(jsonpath.stdout).toBe("1");
    const single = await cli(["get", "pods", "web", "-o", "jsonpath={.status.phase}"], { root });
    expect(single.stdout).toBe("Running");
  });

  it("a jsonpath template that does not parse: one line naming the problem, exit 1, no stack trace", async () => {
    const result = await cli(["get", "pods", "-o", "jsonpath={.items[*"], { root: await stateDir() });
    expect(result).toEqual({ code: 1, stdout: "", stderr: "error: unclosed action in {.items[*\n" });
  });

  it("an unknown output format is refused with kubectl's list of formats", async () => {
    const result = await cli(["get", "pods", "-o", "table"], { root: await stateDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("allowed formats are: json,jsonpath,name,wide,yaml");
  });

  it("-f reads saved objects offline (a status file's v1 List)", async () => {
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: [web] });
    const result = await cli(["get", "pods", "-f", "-"], { stdin: list });
    expect(result.stdout).toContain("web    2/2     Running   1 (50s ago)   60s");
  });

  it("get deployments / get all print kubectl's workload columns; all prefixes names with the resource", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "myapp", creationTimestamp: iso(0) },
      spec: { replicas: 2, selector: {}, template: { spec: { containers: [] } } },
      status: { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    };
    const cronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "tick", creationTimestamp: iso(0) },
      spec: { schedule: "*/1 * * * *", suspend: false, jobTemplate: { spec: { template: { spec: {} } } } },
      status: { lastScheduleTime: iso(30) },
    };
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: [deployment, cronJob, web] });
    const deploy = await cli(["get", "deploy", "-f", "-"], { stdin: list });
    expect(deploy.stdout).toBe(
      "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nmyapp   1/2     2            1           60s\n",
    );
    const all = await cli(["get", "all", "-f", "-"], { stdin: list });
    expect(all.stdout.split("\n\n").map((table) => table.split("\n")[1]?.split(/\s+/)[0])).toEqual([
      "pod/web",
      "deployment.apps/myapp",
      "cronjob.batch/tick",
    ]);
    expect(all.stdout).toContain(
      "NAME                 SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE",
    );
    expect(all.stdout).toContain(
      "cronjob.batch/tick   */1 * * * *   <none>     False     0        30s             60s",
    );
  });

  it("-f with a malformed object: a clear message per problem, exit 2, no stack trace", async () => {
    const bad = JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: {} });
    const result = await cli(["get", "pods", "-f", "-"], { stdin: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: <stdin>: Pod "x": spec.containers must be a list\n');
  });

  it("a state directory without runs: a message that says what to do, exit 1", async () => {
    const result = await cli(["get", "pods"], { root: mkdtempSync(join(tmpdir(), "podvisor-empty-")) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: no runs in the state directory .*podvisor run -f FILE/);
    expect(result.stderr).not.toContain("    at ");
  });

  it("a corrupt pod file: the path and the problem, exit 1", async () => {
    const root = await stateDir();
    writeFileSync(join(root, "runs", "run-1", "pods", "default_web.json"), "{");
    const result = await cli(["get", "pods"], { root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the state directory is corrupt: .*default_web\.json is not valid JSON/,
    );
  });

  it("get jobs with no jobs says so, as kubectl does", async () => {
    const result = await cli(["get", "jobs"], { root: await stateDir() });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "No resources found in default namespace.\n" });
  });
});

describe("podvisor describe pod", () => {
  it("prints kubectl's layout with the run's events", async () => {
    const result = await cli(["describe", "pod", "web"], { root: await stateDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name: {9}web\nNamespace: {4}default\n/);
    expect(result.stdout).toContain(
      "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n",
    );
    expect(result.stdout).toContain("  Normal  Started  40s   kubelet  Started container app\n");
  });

  it("a pod that does not exist: kubectl's NotFound, exit 1", async () => {
    const result = await cli(["describe", "pod", "nope"], { root: await stateDir() });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });
});

describe("podvisor logs", () => {
  it("without -c takes the first container and says so, as kubectl does", async () => {
    const result = await cli(["logs", "web"], { root: await stateDir() });
    expect(result).toEqual({
      code: 0,
      stdout: "second try\n",
      stderr: 'Defaulted container "app" out of: app, proxy (init)\n',
    });
  });

  it("--previous reads the instance before the last restart", async () => {
    const result = await cli(["logs", "web", "-c", "app", "--previous"], { root: await stateDir() });
    expect(result.stdout).toBe("first try\n");
  });

  it("--previous without a previous instance: kubectl's BadRequest, exit 1", async () => {
    const result = await cli(["logs", "web", "-c", "proxy", "-p"], { root: await stateDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): previous terminated container "proxy" in pod "web" not found\n',
    );
  });

  it("--all-containers --prefix --timestamps: init containers first, each line labelled", async () => {
    const result = await cli(["logs", "web", "--all-containers", "--prefix", "--timestamps"], {
      root: await stateDir(),
    });
    expect(result.stdout).toBe(
      "[pod/web/proxy] 2026-01-01T00:00:01.500000000Z proxy up\n[pod/web/app] 2026-01-01T00:00:21.000000000Z second try\n",
    );
  });

  it("a container the pod does not have: kubectl's message, exit 1", async () => {
    const result = await cli(["logs", "web", "-c", "db"], { root: await stateDir() });
    expect(result).toMatchObject({ code: 1, stderr: "error: container db is not valid for pod web\n" });
  });

  it("a pod that does not exist: kubectl's NotFound, exit 1", async () => {
    const result = await cli(["logs", "nope"], { root: await stateDir() });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });
});
