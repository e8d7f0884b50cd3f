/**
 * `podvisor inject` and SidecarSet admission in `podvisor run`, through the built CLI.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { defaultPodSpec, validatePod } from "../../src/api/index.js";
import { applyJsonPatch, type JsonPatchOperation } from "../../src/sidecarset/index.js";
import { cliPath, linesOf, positionOf, repoRoot, runCli, type CliResult } from "./run-cli.js";

const example = (name: string) => join(repoRoot, "examples", name);
type Doc = {
  kind: string;
  metadata: { name: string };
  spec?: {
    template?: { metadata?: { annotations?: Record<string, string> }; spec: Record<string, unknown> };
  };
};

describe("podvisor inject", () => {
  it("injects the example SidecarSet into the Deployment it selects, natively on 1.34, and says why", async () => {
    const result = await inject([
      "-f",
      example("sidecarset-log-agent.yaml"),
      "-f",
      example("sidecarset-app.yaml"),
      "--explain",
    ]);
    expect(result.stderr).toContain(
      "sidecarset/log-agent: injected, selector logging=shipped matches; native",
    );
    expect(result.stderr).toContain(
      "Deployment payments/ledger (spec.template):\n  sidecarset/log-agent: not injected: selector logging=shipped does not match",
    );
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as Doc);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "Namespace/payments",
      "Deployment/checkout",
      "Deployment/ledger",
    ]);
    const template = docs[1]!.spec!.template!;
    const spec = template.spec as {
      initContainers: { name: string; restartPolicy?: string; env: { name: string; value: string }[] }[];
      containers: { name: string }[];
    };
    expect(spec.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([["log-agent", "Always"]]);
    expect(spec.initContainers[0]!.env).toContainEqual({ name: "APP_NAME", value: "checkout" });
    expect(template.metadata?.annotations?.["kruise.io/sidecarset-injected-list"]).toBe("log-agent");
    // The output passes podvisor's own validation once the API server's defaults apply.
    const podTemplate = structuredClone(template) as Record<string, unknown> & {
      spec: Record<string, unknown>;
    };
    defaultPodSpec(podTemplate.spec, { isJobTemplate: false });
    expect(validatePod(podTemplate, "spec.template")).toEqual([]);
    // The untouched Deployment is printed as it came.
    expect(docs[2]).toEqual(parseAllDocuments(await readExample("sidecarset-app.yaml"))[2]!.toJS() as Doc);
  });

  it("injects legacy sidecars for a 1.28 cluster, and the patch output turns the input into the same result", async () => {
    const args = [
      "-f",
      example("sidecarset-log-agent.yaml"),
      "-f",
      example("sidecarset-app.yaml"),
      "--kube-version",
      "1.28",
    ];
    const json = await inject([...args, "-o", "json"]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { items: Doc[] };
    const injected = list.items[1]!;
    expect((injected.spec!.template!.spec.containers as { name: string }[]).map((c) => c.name)).toEqual([
      "log-agent",
      "app",
    ]);

    const patch = await inject([...args, "-o", "patch"]);
    expect(patch.code).toBe(0);
    const patches = JSON.parse(patch.stdout) as { kind: string; name: string; patch: JsonPatchOperation[] }[];
    expect(patches.map((p) => `${p.kind}/${p.name}:${p.patch.length > 0}`)).toEqual([
      "Deployment/checkout:true",
      "Deployment/ledger:false",
    ]);
    const input = parseAllDocuments(await readExample("sidecarset-app.yaml"))[1]!.toJS() as Doc;
    const patched = applyJsonPatch(input, patches[0]!.patch) as Doc;
    const stamp = (d: Doc) => JSON.stringify(d).replace(/"updateTimestamp\\":\\"[^\\]+\\"/g, "");
    expect(stamp(patched)).toEqual(stamp(injected));
  });

  it("matches a SidecarSet selecting on job-name against a Job's template, as run does, without writing the label", async () => {
    const byJobName = (await readExample("sidecarset-job.yaml")).replace(
      "      logging: shipped",
      "      job-name: report",
    );
    const result = await inject(["-f", "-", "--explain"], { stdin: byJobName });
    expect(result.stderr).toContain(
      "sidecarset/log-agent: injected, selector job-name=report matches with the labels the Job's pods get (",
    );
    expect(result.code).toBe(0);
    const [job] = parseAllDocuments(result.stdout).map((d) => d.toJS() as Doc);
    const template = job!.spec!.template as {
      metadata: { labels?: Record<string, string> };
      spec: { initContainers: { name: string }[] };
    };
    expect(template.metadata.labels).toEqual({ logging: "shipped" });
    expect(template.spec.initContainers.map((c) => c.name)).toEqual(["log-agent"]);

    const run = await runCli(["run", "-f", "-"], { stdin: byJobName });
    expect(run.stderr.split("\n")[0]).toBe(
      "sidecarset/log-agent: injected into job/report's pods (native: log-agent)",
    );
    expect(run.code).toBe(0);
  });

  it("refuses an invalid SidecarSet with its name and field, and prints nothing", async () => {
    const bad = (await readExample("sidecarset-job.yaml")).replace(
      "      shareVolumePolicy:",
      "      podInjectPolicy: Middle\n      shareVolumePolicy:",
    );
    const result = await inject(["-f", "-"], { stdin: bad });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      'sidecarset/log-agent: spec.containers[0].podInjectPolicy: Unsupported value: "Middle"',
    );
  });
});

describe("podvisor run with a SidecarSet", () => {
  it("runs the Job with the injected native log agent, and the Job completes", async () => {
    const result = await runCli(["run", "-f", example("sidecarset-job.yaml")]);
    // What admission did, first, before any pod status.
    expect(result.stderr.split("\n")[0]).toBe(
      "sidecarset/log-agent: injected into job/report's pods (native: log-agent)",
    );
    expect(result.stderr).toContain("Job completed");
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout, "worker")).toEqual([
      "task 1 of 3 done",
      "task 2 of 3 done",
      "task 3 of 3 done",
      "all tasks done",
    ]);
    expect(linesOf(result.stdout, "log-agent")).toContain("shipping: task 3 of 3 done");
    expect(positionOf(result.stdout, "shipped 3 lines, bye")).toBeGreaterThan(
      positionOf(result.stdout, "all tasks done"),
    );
  });
});

async function readExample(name: string): Promise<string> {
  return readFile(example(name), "utf8");
}

/** `inject` keeps no state, so it runs without run-cli's --state-dir. */
function inject(args: string[], options: { stdin?: string } = {}): Promise<Omit<CliResult, "stateDir">> {
  const child = spawn(process.execPath, [cliPath, "inject", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? "");
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
