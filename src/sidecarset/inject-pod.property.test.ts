/**
 * Properties of injection on arbitrary pods, SidecarSets and modes: the JSON patch applied to the
 * input yields exactly the mutated pod; every field injection does not own survives, unknown
 * fields included; the patch never removes anything; the input is never mutated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { injectSidecarSets } from "./inject-pod.js";
import { applyJsonPatch, createJsonPatch } from "./json-patch.js";
import { sidecarSet } from "./testing/fixtures.js";

const unknownFields = fc.dictionary(
  fc.constantFrom("x-future", "restartPolicyRules", "zz", "resizePolicy"),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant({ nested: ["a", 1] })),
  { maxKeys: 2 },
);
const env = fc.record({ name: fc.constantFrom("A", "B", "POD_NAME"), value: fc.string({ maxLength: 3 }) });
const container = (pool: readonly string[]) =>
  fc
    .tuple(
      fc.record({
        name: fc.constantFrom(...pool),
        image: fc.constant("busybox"),
        env: fc.option(fc.array(env, { maxLength: 2 }), { nil: undefined }),
        volumeMounts: fc.option(
          fc.array(
            fc.record({
              name: fc.constantFrom("data", "logs"),
              mountPath: fc.constantFrom("/a", "/b", "/c"),
            }),
            { maxLength: 2 },
          ),
          { nil: undefined },
        ),
      }),
      unknownFields,
    )
    .map(([c, extra]) => stripUndefined({ ...extra, ...c }));
const uniqueContainers = (pool: readonly string[], min: number) =>
  fc.uniqueArray(container(pool), { minLength: min, maxLength: 3, selector: (c) => c.name });

const pod = fc
  .record({
    labels: fc.dictionary(fc.constantFrom("app", "tier", "mesh"), fc.constantFrom("web", "web", "db"), {
      minKeys: 1,
      maxKeys: 3,
    }),
    annotations: fc.option(
      fc.dictionary(
        fc.constantFrom("a.io/x", "b", "podvisor.dev/sidecar-mode"),
        fc.constantFrom("native", "legacy", "auto", "v"),
      ),
      { nil: undefined },
    ),
    containers: uniqueContainers(["app", "worker", "mesh-proxy"], 1),
    initContainers: fc.option(uniqueContainers(["setup", "migrate"], 0), { nil: undefined }),
    volumes: fc.option(
      fc.uniqueArray(fc.record({ name: fc.constantFrom("data", "logs", "cfg"), emptyDir: fc.constant({}) }), {
        selector: (v) => v.name,
        maxLength: 3,
      }),
      { nil: undefined },
    ),
    imagePullSecrets: fc.option(
      fc.array(fc.record({ name: fc.constantFrom("s1", "s2") }), { maxLength: 2 }),
      { nil: undefined },
    ),
    extraRoot: unknownFields,
    extraSpec: unknownFields,
    extraMeta: unknownFields,
  })
  .map((p): Fields => {
    const annotations =
      p.annotations && p.annotations["podvisor.dev/sidecar-mode"] === "v" ? { b: "v" } : p.annotations;
    return stripUndefined({
      ...p.extraRoot,
      apiVersion: "v1",
      kind: "Pod",
      metadata: stripUndefined({
        ...p.extraMeta,
        name: "p",
        namespace: "default",
        labels: p.labels,
        annotations,
      }),
      spec: stripUndefined({
        ...p.extraSpec,
        containers: p.containers,
        initContainers: p.initContainers,
        volumes: p.volumes,
        imagePullSecrets: p.imagePullSecrets,
      }),
    });
  });

const sidecarSets = fc
  .array(
    fc.record({
      selector: fc.dictionary(fc.constantFrom("app", "tier"), fc.constant("web"), { minKeys: 1, maxKeys: 1 }),
      clash: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      policy: fc.constantFrom("BeforeAppContainer", "AfterAppContainer"),
      share: fc.constantFrom("enabled", "disabled"),
      nativeInit: fc.boolean(),
      mode: fc.option(fc.constantFrom("native", "legacy", "auto"), { nil: undefined }),
      paused: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((specs) =>
    specs.map((s, i) =>
      sidecarSet(
        `set-${i}`,
        {
          selector: { matchLabels: s.selector },
          injectionStrategy: { paused: s.paused },
          containers: [
            {
              name: `agent-${s.clash ? 0 : i}`,
              image: "agent",
              podInjectPolicy: s.policy,
              shareVolumePolicy: { type: s.share },
              volumeMounts: [{ name: `vol-${i}`, mountPath: `/agent-${i}` }],
              transferEnv: [{ sourceContainerName: "app", envNames: ["A", "B"] }],
              "x-unknown-sidecar-field": { kept: true },
            },
          ],
          initContainers: [
            { name: `init-${i}`, image: "init", ...(s.nativeInit ? { restartPolicy: "Always" } : {}) },
          ],
          volumes: [{ name: `vol-${i}`, emptyDir: {} }],
          imagePullSecrets: [{ name: "s2" }, { name: `s-${i}` }],
        },
        s.mode ? { annotations: { "podvisor.dev/sidecar-mode": s.mode } } : {},
      ),
    ),
  );

const owned = {
  spec: ["containers", "initContainers", "volumes", "imagePullSecrets"],
  metadata: ["annotations"],
};

describe("injection, for any pod and SidecarSets", () => {
  it("the JSON patch turns the input into exactly the mutated pod, never removes, and keeps every field injection does not own", () => {
    fc.assert(
      fc.property(
        pod,
        sidecarSets,
        fc.constantFrom([1, 28] as const, [1, 29] as const),
        (input, sets, kubeVersion) => {
          const before = structuredClone(input);
          const result = injectSidecarSets(
            { pod: input, namespace: "default", namespaceLabels: undefined },
            sets,
            { nowMs: 0, kubeVersion },
          );
          expect(input).toEqual(before);
          if (!result.pod) {
            expect(result.errors.length).toBeGreaterThan(0);
            return;
          }
          const patch = createJsonPatch(input, result.pod);
          expect(patch.every((op) => op.op !== "remove")).toBe(true);
          expect(applyJsonPatch(input, patch)).toEqual(result.pod);

          const out = result.pod as { spec: Fields; metadata: Fields } & Fields;
          const inp = input as { spec: Fields; metadata: Fields } & Fields;
          expect(omit(out, ["spec", "metadata"])).toEqual(omit(inp, ["spec", "metadata"]));
          expect(omit(out.spec, owned.spec)).toEqual(omit(inp.spec, owned.spec));
          expect(omit(out.metadata, owned.metadata)).toEqual(omit(inp.metadata, owned.metadata));
          const injected = new Set(
            result.decisions.flatMap((d) =>
              d.injected ? (d.placements ?? []).map((p) => p.split(" ")[0]) : [],
            ),
          );
          for (const list of ["containers", "initContainers"] as const) {
            for (const c of (inp.spec[list] as Fields[] | undefined) ?? []) {
              if (injected.has(c.name as string)) continue;
              expect((out.spec[list] as Fields[]).find((o) => o.name === c.name)).toEqual(c);
            }
          }
          for (const v of (inp.spec.volumes as Fields[] | undefined) ?? [])
            expect(out.spec.volumes).toContainEqual(v);
          for (const [key, value] of Object.entries((inp.metadata.annotations as Fields | undefined) ?? {}))
            expect((out.metadata.annotations as Fields)[key]).toBe(value);
          for (const c of [
            ...((out.spec.containers as Fields[]) ?? []),
            ...((out.spec.initContainers as Fields[] | undefined) ?? []),
          ])
            if (typeof c.name === "string" && c.name.startsWith("agent-"))
              expect(c["x-unknown-sidecar-field"]).toEqual({ kept: true });
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("injection is idempotent", () => {
  it("injecting the injected pod again changes nothing (same time, same SidecarSets)", () => {
    fc.assert(
      fc.property(pod, sidecarSets, (input, sets) => {
        const target = (p: Fields) => ({ pod: p, namespace: "default", namespaceLabels: undefined });
        const context = { nowMs: 0, kubeVersion: [1, 34] as const };
        const once = injectSidecarSets(target(input), sets, context);
        if (!once.pod) return;
        const twice = injectSidecarSets(target(once.pod), sets, context);
        expect(twice.errors).toEqual([]);
        expect(twice.pod).toEqual(once.pod);
      }),
      { numRuns: 300 },
    );
  });
});

function omit(object: Fields, keys: readonly string[]): Fields {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function stripUndefined<T extends Fields>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
