/**
 * fast-check generator for pods with a random, valid `podvisor.dev/wait-for` annotation
 * (docs/ordering.md): random waits among the sidecars and app containers of an arbitrary pod,
 * each kept only if the annotation stays valid, and readiness probes that pass after a while.
 */
import fc from "fast-check";
import { resolveWaitFor, WAIT_FOR_ANNOTATION, type Container, type WaitCondition } from "../../api/index.js";
import { arbitraryPodCase, type PodCase, type PodCaseOptions } from "./arbitrary-pod.js";
import { withReadinessProbe } from "./make-pod.js";

const MAX_CONTAINERS = 9;

export function arbitraryOrderedPodCase(options: PodCaseOptions = {}): fc.Arbitrary<PodCase> {
  const edge = fc.record({
    waiter: fc.nat(MAX_CONTAINERS - 1),
    target: fc.nat(MAX_CONTAINERS - 1),
    condition: fc.constantFrom<WaitCondition>("started", "ready"),
  });
  return fc
    .record({
      podCase: arbitraryPodCase(options),
      edges: fc.array(edge, { maxLength: 10 }),
      readiness: fc.array(fc.boolean(), { minLength: MAX_CONTAINERS, maxLength: MAX_CONTAINERS }),
      readyAfterMs: fc.array(fc.integer({ min: 0, max: 8_000 }), {
        minLength: MAX_CONTAINERS,
        maxLength: MAX_CONTAINERS,
      }),
    })
    .map(({ podCase, edges, readiness, readyAfterMs }) => {
      const { pod } = podCase;
      const withProbe = (c: Container, i: number): Container =>
        readiness[i] && !(c.restartPolicy === undefined && i < (pod.spec.initContainers ?? []).length)
          ? { ...c, ...withReadinessProbe }
          : c;
      const init = (pod.spec.initContainers ?? []).map((c, i) => withProbe(c, i));
      const offset = init.length;
      const containers = pod.spec.containers.map((c, i) => withProbe(c, offset + i));
      const spec = { ...pod.spec, initContainers: init, containers };
      const names = [...init, ...containers].map((c) => c.name);
      const waits = new Map<string, string[]>();
      const render = (map: Map<string, string[]>) =>
        [...map].map(([waiter, list]) => `${waiter}: ${list.join(", ")}`).join("; ");
      for (const { waiter, target, condition } of edges) {
        const from = names[waiter % names.length]!;
        const to = names[target % names.length]!;
        const next = new Map(waits);
        next.set(from, [...(next.get(from) ?? []), `${to}=${condition}`]);
        const value = render(next);
        if (resolveWaitFor({ annotations: { [WAIT_FOR_ANNOTATION]: value } }, spec).errors.length === 0)
          waits.set(from, next.get(from)!);
      }
      const behaviours: PodCase["behaviours"] = {};
      names.forEach((name, i) => {
        behaviours[name] = (podCase.behaviours[name] ?? []).map((b) => ({
          ...b,
          readyAfterMs: readyAfterMs[i],
        }));
      });
      return {
        pod: {
          ...pod,
          metadata: { ...pod.metadata, annotations: { [WAIT_FOR_ANNOTATION]: render(waits) } },
          spec,
        },
        behaviours,
      };
    });
}
