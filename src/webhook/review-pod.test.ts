import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { defaultSidecarHelperSource, helperInstallContainerName } from "../sidecarset/index.js";
import { sidecarSet } from "../sidecarset/testing/fixtures.js";
import { podCreate, patched, patchOf } from "./testing/admission-fixtures.js";
import { injectionAnnotation, reviewPod, type PodAdmissionCaches } from "./review-pod.js";
import type { NodeView } from "./target-kube-version.js";

const nowMs = Date.UTC(2026, 11, 7, 8, 0, 0);

const logAgent = () =>
  sidecarSet("log-agent", {
    selector: { matchLabels: { app: "web" } },
    containers: [{ name: "log-agent", image: "busybox:1.36" }],
  });

function pod(extra: Fields = {}, annotations: Record<string, string> = {}): Fields {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" }, annotations },
    spec: { containers: [{ name: "app", image: "nginx" }], ...extra },
  };
}

function caches(over: Partial<PodAdmissionCaches> = {}): PodAdmissionCaches {
  return {
    sidecarSets: [logAgent()],
    namespaceLabels: new Map([["default", { "kubernetes.io/metadata.name": "default" }]]),
    nodes: [],
    serverVersion: [1, 36],
    ...over,
  };
}

const containerNames = (p: Fields, list = "containers") =>
  ((p.spec as Fields)[list] as Fields[] | undefined)?.map((c) => c.name) ?? [];

describe("pod admission (Kruise sidecarsetMutatingPod, podvisor's modes)", () => {
  it("injects a selected pod on CREATE, answering only with a JSON patch", () => {
    const request = podCreate(pod());
    const review = reviewPod(request, caches(), { nowMs });
    expect(review.outcome).toBe("injected");
    expect(review.response.allowed).toBe(true);
    expect(review.response.patchType).toBe("JSONPatch");
    expect(containerNames(patched(request, review.response))).toEqual(["log-agent", "app"]);
  });

  it("keeps fields podvisor does not know: the patch never rewrites what it did not change", () => {
    const request = podCreate(pod({ hostUsers: false, futureField: { x: 1 } }));
    (request.object!.spec as Fields).containers = [
      { name: "app", image: "nginx", newerContainerField: true },
    ];
    const result = patched(request, reviewPod(request, caches(), { nowMs }).response);
    expect((result.spec as Fields).futureField).toEqual({ x: 1 });
    expect(((result.spec as Fields).containers as Fields[])[1]).toEqual({
      name: "app",
      image: "nginx",
      newerContainerField: true,
    });
    for (const op of patchOf(reviewPod(request, caches(), { nowMs }).response))
      expect(op.path).not.toMatch(/futureField|hostUsers|\/containers\/0\/newerContainerField/);
  });

  it("records what it injected and why in podvisor.dev/injection, and says so in a warning", () => {
    const request = podCreate(pod());
    const review = reviewPod(request, caches(), { nowMs });
    const annotations = (patched(request, review.response).metadata as Fields).annotations as Record<
      string,
      string
    >;
    const records = JSON.parse(annotations[injectionAnnotation]!) as Fields[];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ sidecarSet: "log-agent", why: "selector app=web matches" });
    expect(annotations["kruise.io/sidecarset-injected-list"]).toBe("log-agent");
    expect(review.response.warnings).toEqual([expect.stringContaining("sidecarset/log-agent")]);
  });

  it("answers with an ASCII patch that decodes to the same text (the record's → arrives as →)", () => {
    const request = podCreate(pod());
    const review = reviewPod(request, caches(), { nowMs });
    const text = atob(review.response.patch!);
    expect(text).not.toMatch(/[\u0080-\uffff]/);
    expect(text).toContain("\\u2192");
    const records = JSON.parse(
      ((patched(request, review.response).metadata as Fields).annotations as Record<string, string>)[
        injectionAnnotation
      ]!,
    ) as { sidecars: string[] }[];
    expect(records[0]!.sidecars.join()).toContain(" → ");
  });

  it("is idempotent under reinvocation: a second call on the injected pod (another webhook having added a container) injects nothing", () => {
    const first = podCreate(pod());
    const once = patched(first, reviewPod(first, caches(), { nowMs }).response);
    ((once.spec as Fields).containers as Fields[]).push({ name: "added-by-another-webhook", image: "x" });
    const second = reviewPod(podCreate(once), caches(), { nowMs: nowMs + 1000 });
    expect(second.outcome).toBe("unchanged");
    expect(second.response.patch).toBeUndefined();
    expect(second.decisions.find((d) => d.sidecarSet === "log-agent")?.reason).toMatch(/already injected/);
  });

  it("leaves a pod no SidecarSet selects exactly as it is (no annotation, no patch)", () => {
    const review = reviewPod(
      podCreate({ ...pod(), metadata: { name: "other", labels: { app: "other" } } }),
      caches(),
      { nowMs },
    );
    expect(review.outcome).toBe("unchanged");
    expect(review.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it("passes UPDATE, subresources and other resources through untouched (open-source Kruise never injects on update)", () => {
    const update = { ...podCreate(pod()), operation: "UPDATE" as const };
    expect(reviewPod(update, caches(), { nowMs }).outcome).toBe("skipped");
    const binding = { ...podCreate(pod()), subResource: "binding" };
    expect(reviewPod(binding, caches(), { nowMs }).outcome).toBe("skipped");
  });

  it("honours injectionStrategy.paused and the namespaceSelector, against the Namespace's labels", () => {
    const paused = sidecarSet("paused", {
      selector: { matchLabels: { app: "web" } },
      injectionStrategy: { paused: true },
      containers: [{ name: "p", image: "x" }],
    });
    const teamOnly = sidecarSet("team-only", {
      selector: { matchLabels: { app: "web" } },
      namespaceSelector: { matchLabels: { team: "a" } },
      containers: [{ name: "t", image: "x" }],
    });
    const view = caches({
      sidecarSets: [paused, teamOnly],
      namespaceLabels: new Map([
        ["a-ns", { team: "a" }],
        ["b-ns", { team: "b" }],
      ]),
    });
    const inA = reviewPod(podCreate(pod(), "a-ns"), view, { nowMs });
    const inB = reviewPod(podCreate(pod(), "b-ns"), view, { nowMs });
    expect(inA.decisions.map((d) => [d.sidecarSet, d.injected])).toEqual([
      ["paused", false],
      ["team-only", true],
    ]);
    expect(inB.outcome).toBe("unchanged");
  });

  it("skips, without a full match, the SidecarSets whose matchLabels the pod cannot satisfy; matchExpressions still decide", () => {
    const other = sidecarSet("other", {
      selector: { matchLabels: { app: "db" } },
      containers: [{ name: "o", image: "x" }],
    });
    const expressions = sidecarSet("expr", {
      selector: {
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "tier", operator: "In", values: ["edge"] }],
      },
      containers: [{ name: "e", image: "x" }],
    });
    const review = reviewPod(podCreate(pod()), caches({ sidecarSets: [other, expressions, logAgent()] }), {
      nowMs,
    });
    expect(review.decisions.map((d) => [d.sidecarSet, d.injected])).toEqual([
      ["expr", false],
      ["log-agent", true],
    ]);
  });

  it("takes the namespace from the request when the pod does not carry one", () => {
    const namespaced = sidecarSet("ns-only", {
      selector: { matchLabels: { app: "web" } },
      namespace: "prod",
      containers: [{ name: "n", image: "x" }],
    });
    expect(
      reviewPod(podCreate(pod(), "prod"), caches({ sidecarSets: [namespaced] }), { nowMs }).outcome,
    ).toBe("injected");
  });

  it("refuses a pod whose injection fails, naming the SidecarSet and the field", () => {
    const a = sidecarSet("logs", {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "shipper", image: "x" }],
    });
    const b = sidecarSet("logs2", {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "shipper", image: "y" }],
    });
    const review = reviewPod(podCreate(pod()), caches({ sidecarSets: [a, b] }), { nowMs });
    expect(review.outcome).toBe("refused");
    expect(review.response.allowed).toBe(false);
    expect(review.response.status?.message).toMatch(
      /^pod default\/web: .*sidecarset\/logs2.*spec\.containers\[0\]\.name: Duplicate value: "shipper"/,
    );
  });

  describe("auto: the oldest of the API server and the kubelets the pod can land on", () => {
    const nodes: NodeView[] = [
      { name: "old-1", labels: { pool: "old" }, kubeletVersion: [1, 28], unschedulable: false },
      { name: "new-1", labels: { pool: "new" }, kubeletVersion: [1, 36], unschedulable: false },
    ];
    const auto = { "podvisor.dev/sidecar-mode": "auto" };
    const run = (spec: Fields) => {
      const request = podCreate(pod(spec, auto));
      return patched(request, reviewPod(request, caches({ nodes }), { nowMs }).response);
    };

    it("native where every candidate kubelet has native sidecars (1.29+)", () => {
      const result = run({ nodeSelector: { pool: "new" } });
      expect(containerNames(result, "initContainers")).toEqual(["log-agent"]);
      expect(
        ((result.metadata as Fields).annotations as Record<string, string>)[injectionAnnotation],
      ).toMatch(/kubelet 1\.36|API server 1\.36/);
    });

    it("legacy where a node the pod can land on runs a 1.28 kubelet", () => {
      const result = run({ nodeSelector: { pool: "old" } });
      expect(containerNames(result)).toEqual(["log-agent", "app"]);
      expect(
        ((result.metadata as Fields).annotations as Record<string, string>)[injectionAnnotation],
      ).toMatch(/kubelet 1\.28 on node old-1/);
    });

    it("legacy when the pod may land on either (the oldest decides)", () => {
      expect(containerNames(run({}))).toEqual(["log-agent", "app"]);
    });

    it("mixed cluster with doctor's labels: native, a required node affinity on the label, and the choice in podvisor.dev/auto-mode", () => {
      const labelled: NodeView[] = [
        { ...nodes[0]!, labels: { pool: "old", "sidecars.podvisor.io/native": "false" } },
        { ...nodes[1]!, labels: { pool: "new", "sidecars.podvisor.io/native": "true" } },
      ];
      const request = podCreate(pod({}, auto));
      const result = patched(request, reviewPod(request, caches({ nodes: labelled }), { nowMs }).response);
      expect(containerNames(result, "initContainers")).toEqual(["log-agent"]);
      expect((result.spec as Fields).affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [{ key: "sidecars.podvisor.io/native", operator: "In", values: ["true"] }],
              },
            ],
          },
        },
      });
      expect(
        ((result.metadata as Fields).annotations as Record<string, string>)["podvisor.dev/auto-mode"],
      ).toBe("native-with-node-affinity");
    });

    it("a mode not decided by auto gets no affinity and no auto-mode annotation", () => {
      const labelled: NodeView[] = [
        { ...nodes[0]!, labels: { "sidecars.podvisor.io/native": "false" } },
        { ...nodes[1]!, labels: { "sidecars.podvisor.io/native": "true" } },
      ];
      const request = podCreate(pod({}, { "podvisor.dev/sidecar-mode": "native" }));
      const result = patched(request, reviewPod(request, caches({ nodes: labelled }), { nowMs }).response);
      expect((result.spec as Fields).affinity).toBeUndefined();
      expect(
        ((result.metadata as Fields).annotations as Record<string, string>)["podvisor.dev/auto-mode"],
      ).toBeUndefined();
    });
  });
});

describe("webhook --sidecar-helper-image: where universal and ordered-legacy sidecars get their helper", () => {
  const universal = () =>
    sidecarSet("log-agent", {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "log-agent", image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"] }],
    });
  const helperImages = (p: Fields) =>
    (((p.spec as Fields).initContainers as Fields[] | undefined) ?? [])
      .filter((c) => c.name === helperInstallContainerName)
      .map((c) => c.image);

  it("the install container runs the image the flag names, else the default", () => {
    const request = podCreate(pod({}, { "podvisor.dev/sidecar-mode": "universal" }));
    const view = caches({ sidecarSets: [universal()] });
    const given = reviewPod(request, view, { nowMs, sidecarHelperImage: "registry.local/helper:1" });
    expect(helperImages(patched(request, given.response))).toEqual(["registry.local/helper:1"]);
    const byDefault = reviewPod(request, view, { nowMs });
    expect(helperImages(patched(request, byDefault.response))).toEqual([defaultSidecarHelperSource.image]);
  });
});
