/**
 * `podvisor inject` refuses what a cluster would refuse, and `--explain` names the admission step
 * that refused it: Kruise's SidecarSet webhook ("SidecarSet validation"), its pod webhook
 * ("sidecar injection"), or the API server's pod validation ("pod validation after injection").
 */
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import type { FieldValidation } from "../../api/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { injectCommand } from "./inject.js";

async function inject(
  docs: object[] | string,
  validate?: FieldValidation,
): Promise<{ code: number | Error; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  stdin.end(typeof docs === "string" ? docs : docs.map((d) => stringify(d)).join("---\n"));
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let code: number | Error;
  try {
    code = await injectCommand(
      {
        filename: ["-"],
        output: "yaml",
        kubeVersion: "1.34",
        explain: true,
        ...(validate ? { validate } : {}),
      },
      { clock: new FakeClock(), stdin, stdout, stderr, newUid: () => "uid" },
    );
  } catch (error) {
    code = error as Error;
  }
  const text = (stream: PassThrough) => (stream.read() as Buffer | null)?.toString() ?? "";
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

const sidecarSet = (name: string, spec: object, metadata: object = {}) => ({
  apiVersion: "apps.kruise.io/v1alpha1",
  kind: "SidecarSet",
  metadata: { name, ...metadata },
  spec: { selector: { matchLabels: { app: "web" } }, ...spec },
});
const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { app: "web" } },
  spec: { containers: [{ name: "app", image: "nginx" }] },
};

/** A revision of SidecarSet mesh as Kruise records it, its container on envoy:old. */
const controllerRevision = (name: string, labels: Record<string, string>) => ({
  apiVersion: "apps/v1",
  kind: "ControllerRevision",
  metadata: { name, namespace: "kruise-system", labels: { "kruise.io/sidecarset-name": "mesh", ...labels } },
  data: { spec: { $patch: "replace", containers: [{ name: "proxy", image: "envoy:old" }] } },
  revision: 1,
});

describe("inject --explain names the admission step that refused", () => {
  it("Kruise TestInjectInitContainer's SidecarSet (a volumeMount without mountPath) is refused by SidecarSet validation", async () => {
    const set = sidecarSet("sidecarset", {
      initContainers: [{ name: "dns-e", image: "dns-e-image:1.0", volumeMounts: [{ name: "volume-1" }] }],
      volumes: [{ name: "volume-1" }],
    });
    const result = await inject([set, pod]);
    expect(result.code).toBeInstanceOf(InvalidInputError);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").slice(0, 2)).toEqual([
      "sidecarset/sidecarset: refused by SidecarSet validation:",
      "  spec.initContainers[0].volumeMounts[0].mountPath: Required value",
    ]);
    expect((result.code as InvalidInputError).problems).toContain(
      "sidecarset/sidecarset: spec.initContainers[0].volumeMounts[0].mountPath: Required value",
    );
  });

  it("a HotUpgrade sidecar without hotUpgradeEmptyImage is admitted, as Kruise admits it, but its pod is refused by pod validation after injection", async () => {
    const set = sidecarSet("mesh", {
      containers: [{ name: "proxy", image: "envoy", upgradeStrategy: { upgradeType: "HotUpgrade" } }],
    });
    const result = await inject([set, pod]);
    expect(result.code).toBeInstanceOf(InvalidInputError);
    expect(result.stderr).toContain(
      "  refused by pod validation after injection:\n    spec.containers[1].image: Required value",
    );
  });

  it("a pinned revision whose Partial partition is no percentage is refused by sidecar injection (Kruise TestCanarySidecarSetInjection: canary with bad partition)", async () => {
    const set = sidecarSet("mesh", {
      containers: [{ name: "proxy", image: "envoy" }],
      updateStrategy: { type: "NotUpdate", partition: "abc%" },
      injectionStrategy: { revision: { customVersion: "v1", policy: "Partial" } },
    });
    const revision = controllerRevision("mesh-v1", { "apps.kruise.io/sidecarset-custom-version": "v1" });
    const result = await inject([set, revision, pod]);
    expect(result.code).toBeInstanceOf(InvalidInputError);
    expect(result.stderr).toContain(
      '  refused by sidecar injection:\n    sidecarset/mesh: spec.updateStrategy.partition: Invalid value: "abc%": strconv.ParseFloat: parsing "abc": invalid syntax',
    );
  });

  it("injects a pinned revision from a ControllerRevision in the input and says which", async () => {
    const set = sidecarSet("mesh", {
      containers: [{ name: "proxy", image: "envoy:new" }],
      injectionStrategy: { revision: { revisionName: "mesh-abc" } },
    });
    const revision = controllerRevision("mesh-abc", {});
    const result = await inject([set, revision, pod]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("image: envoy:old");
    expect(result.stdout).not.toContain("envoy:new");
    expect(result.stderr).toContain("(revision mesh-abc: policy Always)");
  });

  it("a ControllerRevision without data is refused by ControllerRevision validation, and its pinning SidecarSet with it", async () => {
    const set = sidecarSet("mesh", {
      containers: [{ name: "proxy", image: "envoy" }],
      injectionStrategy: { revision: { revisionName: "mesh-abc" } },
    });
    const revision = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: { name: "mesh-abc", namespace: "kruise-system" },
      revision: 1,
    };
    const result = await inject([set, revision, pod]);
    expect(result.code).toBeInstanceOf(InvalidInputError);
    expect(result.stderr).toContain(
      "controllerrevision/mesh-abc: refused by ControllerRevision validation:\n  data: Required value: data is mandatory",
    );
    expect(result.stderr).toContain(
      'sidecarset/mesh: refused by SidecarSet validation:\n  spec.injectionStrategy.revision.revisionName: Not found: "mesh-abc": Cannot find specific ControllerRevision',
    );
  });
});

describe("examples/sidecarset-canary-revision.yaml", () => {
  it("pins mesh's revision 1, lets mesh-canary replace mesh in the canary pods, and hot-upgrades log-agent", async () => {
    const text = readFileSync(
      new URL("../../../examples/sidecarset-canary-revision.yaml", import.meta.url),
      "utf8",
    );
    const result = await inject(text);
    expect(result.code).toBe(0);
    type Template = { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind: string } & Template);
    const images = docs
      .filter((d) => d.kind === "Deployment")
      .map((d) => d.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`));
    expect(images).toEqual([
      ["proxy=envoy:1.29", "app=shop:2.4", "log-agent-1=fluent-bit:3.1", "log-agent-2=fluent-bit:empty"],
      ["proxy=envoy:1.31", "app=shop:2.5"],
    ]);
  });
});

const invalidSidecarSet = `apiVersion: apps.kruise.io/v1alpha1
kind: SidecarSet
metadata: {name: bad}
spec:
  selector: {matchLabels: {app: web}}
  containers: [{name: Bad_Name, image: x}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: app, image: x}]}
`;

describe("podvisor inject", () => {
  it("with an invalid SidecarSet reports its errors, not also that the input has no SidecarSets", async () => {
    const result = await inject(invalidSidecarSet);
    const error = result.code;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      expect.stringMatching(/^sidecarset\/bad: spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/),
    ]);
    expect(result.stderr).not.toContain("no SidecarSets in the input");
    expect(result.stdout).toBe("");
  });
});

describe("inject --validate, as kubectl's field validation", () => {
  const misspelt = {
    ...pod,
    spec: { containers: [{ name: "app", image: "nginx", comand: ["sh"] }] },
  };

  it("strict (the default): an unknown field is refused with its path and the near miss; nothing is printed", async () => {
    const result = await inject([
      sidecarSet("log-agent", {
        containers: [{ name: "agent", image: "busybox", imagePullPolcy: "Always" }],
      }),
      misspelt,
    ]);
    expect(result.code).toBeInstanceOf(InvalidInputError);
    expect((result.code as InvalidInputError).problems).toEqual([
      'pod/web: spec.containers[0].comand: Unknown field: strict decoding error: unknown field "comand" (did you mean "command"?)',
    ]);
    expect(result.stdout).toBe("");
  });

  it("warn: the injection is printed, the unknown field named on stderr", async () => {
    const result = await inject([misspelt], "warn");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Warning: pod/web: unknown field "spec.containers[0].comand" (did you mean "command"?)',
    );
    expect(result.stdout).toContain("name: web");
  });

  it("ignore: nothing is said", async () => {
    const result = await inject([misspelt], "ignore");
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("comand");
  });
});
