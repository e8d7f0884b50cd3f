import { describe, expect, it } from "vitest";
import { formatAdmission, loadRunInput } from "./load-run-input.js";

const context = () => {
  let n = 0;
  return { nowMs: 0, ids: () => `uid-${++n}` };
};

const sidecarSet = (extra = "") => `apiVersion: apps.kruise.io/v1alpha1
kind: SidecarSet
metadata: { name: logs${extra} }
spec:
  selector: { matchLabels: { logging: "on" } }
  containers:
    - name: shipper${extra}
      image: busybox
      command: [sleep, infinity]
`;

const job = `apiVersion: batch/v1
kind: Job
metadata: { name: report }
spec:
  template:
    metadata:
      labels: { logging: "on" }
      annotations: { podvisor.dev/sidecar-mode: native }
    spec:
      restartPolicy: Never
      containers: [{ name: worker, image: busybox, command: ["true"] }]
`;

const pod = `apiVersion: v1
kind: Pod
metadata: { name: web, labels: { logging: "on" } }
spec:
  containers: [{ name: app, image: busybox }]
`;

describe("loadRunInput with SidecarSets", () => {
  it("admits Pods and Job templates through the SidecarSets in the same input", () => {
    const input = loadRunInput(
      [{ name: "all.yaml", text: [sidecarSet(), job, pod].join("---\n") }],
      context(),
    );
    expect(input.errors).toEqual([]);
    expect(input.sidecarSets.map((s) => s.metadata.name)).toEqual(["logs"]);
    const template = input.jobs[0]!.spec.template.spec;
    expect(template.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([["shipper", "Always"]]);
    expect(input.pods[0]!.spec.containers.map((c) => c.name)).toEqual(["shipper", "app"]);
    expect(input.pods[0]!.metadata.annotations?.["kruise.io/sidecarset-injected-list"]).toBe("logs");
  });
  it("reads the revision a SidecarSet pins from a ControllerRevision of the input (Kruise TestInjectionStrategyRevision)", () => {
    const pinned = sidecarSet().replace(
      "spec:\n",
      "spec:\n  injectionStrategy: { revision: { customVersion: v1 } }\n",
    );
    const revision = `apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: logs-v1
  namespace: kruise-system
  labels: { kruise.io/sidecarset-name: logs, apps.kruise.io/sidecarset-custom-version: v1 }
revision: 1
data:
  spec:
    $patch: replace
    containers: [{ name: shipper, image: "busybox:old", command: [sleep, infinity] }]
`;
    const input = loadRunInput(
      [{ name: "all.yaml", text: [pinned, revision, pod].join("---\n") }],
      context(),
    );
    expect(input.errors).toEqual([]);
    // The recorded container has no podInjectPolicy (Kruise records it defaulted; this one is
    // written by hand): Kruise's injection reads an empty one as "after the app".
    expect(input.pods[0]!.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ["app", "busybox"],
      ["shipper", "busybox:old"],
    ]);
    expect(input.pods[0]!.metadata.annotations?.["kruise.io/sidecarset-hash"]).toContain(
      '"controllerRevision":"logs-v1"',
    );
  });
  it("reports an invalid ControllerRevision as controllerrevision/<name>", () => {
    const revision = `apiVersion: apps/v1
kind: ControllerRevision
metadata: { name: logs-v1, namespace: kruise-system }
revision: -1
data: 3
`;
    const input = loadRunInput(
      [{ name: "all.yaml", text: [sidecarSet(), revision, pod].join("---\n") }],
      context(),
    );
    expect(input.errors).toEqual([
      "controllerrevision/logs-v1: revision: Invalid value: -1: must be greater than or equal to 0",
      "controllerrevision/logs-v1: data: Required value: data must be a valid JSON object",
    ]);
  });
  it("reports an invalid SidecarSet as sidecarset/<name> and does not inject it", () => {
    const bad = sidecarSet().replace("image: busybox", "image: busybox\n      podInjectPolicy: Sideways");
    const input = loadRunInput([{ name: "all.yaml", text: [bad, pod].join("---\n") }], context());
    expect(input.errors).toEqual([
      'sidecarset/logs: spec.containers[0].podInjectPolicy: Unsupported value: "Sideways": supported values: "BeforeAppContainer", "AfterAppContainer"',
    ]);
    expect(input.pods[0]!.spec.containers.map((c) => c.name)).toEqual(["app"]);
  });
  it("reports a conflict between two SidecarSets on the pod, naming both, and admits neither", () => {
    const clash = sidecarSet("2").replace("shipper2", "shipper");
    const input = loadRunInput(
      [{ name: "all.yaml", text: [sidecarSet(), clash, pod].join("---\n") }],
      context(),
    );
    expect(input.errors).toEqual([
      'pod/web: sidecarset/logs2: spec.containers[0].name: Duplicate value: "shipper": container shipper already exist in sidecarset/logs, which selects this pod too',
    ]);
    expect(input.pods).toEqual([]);
  });
  it("a sidecar whose name the pod uses in its other container list is reported on the pod", () => {
    const job2 = job.replace("name: worker", "name: shipper");
    const input = loadRunInput([{ name: "all.yaml", text: [sidecarSet(), job2].join("---\n") }], context());
    expect(input.errors).toEqual([
      'job/report: spec.template.spec.containers[0].name: Duplicate value: "shipper": sidecarset/logs injects a container of this name into spec.initContainers',
    ]);
    expect(input.jobs).toEqual([]);
  });
  it("a legacy sidecar of the same name as an app container replaces it, as Kruise merges containers", () => {
    const job2 = job
      .replace("podvisor.dev/sidecar-mode: native", "podvisor.dev/sidecar-mode: legacy")
      .replace("name: worker", "name: shipper");
    const input = loadRunInput([{ name: "all.yaml", text: [sidecarSet(), job2].join("---\n") }], context());
    expect(input.errors).toEqual([]);
    expect(input.jobs[0]!.spec.template.spec.containers.map((c) => [c.name, c.command])).toEqual([
      ["shipper", ["sleep", "infinity"]],
    ]);
  });
  it("uses a Namespace's labels for namespaceSelector", () => {
    const scoped = sidecarSet().replace(
      "spec:\n",
      "spec:\n  namespaceSelector: { matchLabels: { team: a } }\n",
    );
    const ns = `apiVersion: v1
kind: Namespace
metadata: { name: default, labels: { team: a } }
`;
    const withNs = loadRunInput([{ name: "all.yaml", text: [scoped, ns, pod].join("---\n") }], context());
    expect(withNs.pods[0]!.spec.containers.map((c) => c.name)).toEqual(["shipper", "app"]);
    const without = loadRunInput([{ name: "all.yaml", text: [scoped, pod].join("---\n") }], context());
    expect(without.pods[0]!.spec.containers.map((c) => c.name)).toEqual(["app"]);
  });
  it("records which SidecarSets went into which pod, and formats one line for each", () => {
    const other = pod.replace("name: web", "name: quiet").replace('logging: "on"', 'logging: "off"');
    const input = loadRunInput(
      [{ name: "all.yaml", text: [sidecarSet(), sidecarSet("2"), job, pod, other].join("---\n") }],
      context(),
    );
    expect(input.errors).toEqual([]);
    expect(input.admissions.map(formatAdmission)).toEqual([
      "sidecarset/logs, sidecarset/logs2: injected into job/report's pods (native: shipper, shipper2)",
      "sidecarset/logs, sidecarset/logs2: injected into pod/web (legacy: shipper, shipper2)",
      "sidecarsets: none selects pod/quiet",
    ]);
    expect(input.admissions[0]).toMatchObject({
      object: "job/report",
      kind: "Job",
      sidecarSets: ["logs", "logs2"],
      sidecars: [
        { name: "shipper", sidecarSet: "logs", list: "initContainers", native: true },
        { name: "shipper2", sidecarSet: "logs2", list: "initContainers", native: true },
      ],
    });
  });
  it("records no admissions when the input has no SidecarSets", () => {
    expect(
      loadRunInput([{ name: "all.yaml", text: [job, pod].join("---\n") }], context()).admissions,
    ).toEqual([]);
  });
  it("a SidecarSet selecting on job-name admits the Job's pods, which carry that label", () => {
    const byJob = sidecarSet().replace('matchLabels: { logging: "on" }', "matchLabels: { job-name: report }");
    const input = loadRunInput([{ name: "all.yaml", text: [byJob, job].join("---\n") }], context());
    expect(input.admissions.map(formatAdmission)).toEqual([
      "sidecarset/logs: injected into job/report's pods (native: shipper)",
    ]);
  });
  it("refuses a SidecarSet that patches pod metadata unless kruise-configuration's whitelist allows the key", () => {
    const patching = sidecarSet().replace(
      "spec:\n",
      "spec:\n  patchPodMetadata: [{ annotations: { team.io/owner: logs } }]\n",
    );
    const without = loadRunInput([{ name: "all.yaml", text: [patching, pod].join("---\n") }], context());
    expect(without.errors).toEqual([
      "sidecarset/logs: spec.patchPodMetadata: Required value: SidecarSet patch metadata whitelist not found: Kruise allows patching pod annotations only with a whitelist in ConfigMap kruise-system/kruise-configuration, key SidecarSet_PatchPodMetadata_WhiteList; put that ConfigMap in the input (docs/sidecarsets.md)",
    ]);
    const configuration = (expr: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: kruise-configuration, namespace: kruise-system }
data:
  SidecarSet_PatchPodMetadata_WhiteList: '{"rules":[{"allowedAnnotationKeyExprs":["${expr}"]}]}'
`;
    const allowed = loadRunInput(
      [{ name: "all.yaml", text: [configuration("^team[.]io/"), patching, pod].join("---\n") }],
      context(),
    );
    expect(allowed.errors).toEqual([]);
    expect(allowed.pods[0]!.metadata.annotations?.["team.io/owner"]).toBe("logs");
    const refused = loadRunInput(
      [{ name: "all.yaml", text: [configuration("^other/"), patching, pod].join("---\n") }],
      context(),
    );
    expect(refused.errors).toEqual([
      "sidecarset/logs: spec.patchPodMetadata[0].annotations[team.io/owner]: Forbidden: sidecarSet patch metadata annotation(team.io/owner) is not allowed by the whitelist in ConfigMap kruise-system/kruise-configuration",
    ]);
  });
});
