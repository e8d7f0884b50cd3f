/**
 * fast-check generators for engine property tests: random pods (0–3 regular init containers and
 * 0–3 sidecars interleaved, 1–3 regular containers, any restartPolicy) and scripted behaviours.
 */
import fc from "fast-check";
import type { Container, Pod, RestartPolicy } from "../../api/index.js";
import { container, makePod, sidecar, withPreStop, withStartupProbe } from "./make-pod.js";
import type { Behaviour, InstanceBehaviour } from "./instance-behaviour.js";

export interface PodCase {
  pod: Pod;
  behaviours: Record<string, InstanceBehaviour[]>;
}

export interface PodCaseOptions {
  restartPolicies?: RestartPolicy[];
  /** Allow startup probes on sidecars (which can hold initialization forever). */
  startupProbes?: boolean;
  /** Constrain behaviours so that every container stops promptly (short preStop, quick SIGTERM exit). */
  prompt?: boolean;
  /** Override the generator of sidecar behaviours. */
  sidecarBehaviour?: fc.Arbitrary<InstanceBehaviour>;
}

export function arbitraryBehaviour(options: PodCaseOptions = {}): fc.Arbitrary<InstanceBehaviour> {
  return fc.record({
    failsToStart: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    exitAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    exitCode: fc.constantFrom(0, 1),
    startupAfterMs: fc.integer({ min: 0, max: 5_000 }),
    startupResult: fc.constantFrom("Success" as const, "Success" as const, "Failure" as const),
    livenessFailsAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined, freq: 4 }),
    preStopMs: options.prompt
      ? fc.constantFrom(0, 500, 2_500, 4_000)
      : fc.constantFrom(0, 500, 2_500, 45_000, Infinity),
    onStop: options.prompt
      ? fc.record({ afterMs: fc.integer({ min: 0, max: 1_500 }), exitCode: fc.constantFrom(0, 143) })
      : fc.oneof(
          fc.constant("ignore" as const),
          fc.record({ afterMs: fc.integer({ min: 0, max: 40_000 }), exitCode: fc.constantFrom(0, 143) }),
        ),
  });
}

function arbitraryInitKinds(): fc.Arbitrary<("init" | "sidecar")[]> {
  return fc
    .array(fc.constantFrom("init" as const, "sidecar" as const), { maxLength: 6 })
    .filter(
      (kinds) =>
        kinds.filter((k) => k === "init").length <= 3 && kinds.filter((k) => k === "sidecar").length <= 3,
    );
}

export function arbitraryPodCase(options: PodCaseOptions = {}): fc.Arbitrary<PodCase> {
  const behaviour = arbitraryBehaviour(options);
  const sidecarBehaviour = options.sidecarBehaviour ?? behaviour;
  return fc
    .record({
      initKinds: arbitraryInitKinds(),
      regularCount: fc.integer({ min: 1, max: 3 }),
      restartPolicy: fc.constantFrom(
        ...(options.restartPolicies ?? (["Always", "OnFailure", "Never"] as RestartPolicy[])),
      ),
      graceSeconds: fc.constantFrom(0, 5, 30),
      preStops: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
      startupProbes: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      regularBehaviours: fc.array(fc.array(behaviour, { minLength: 1, maxLength: 4 }), {
        minLength: 9,
        maxLength: 9,
      }),
      sidecarBehaviours: fc.array(fc.array(sidecarBehaviour, { minLength: 1, maxLength: 4 }), {
        minLength: 6,
        maxLength: 6,
      }),
    })
    .map((g) => {
      const behaviours: Record<string, InstanceBehaviour[]> = {};
      const init: Container[] = g.initKinds.map((kind, i) => {
        const name = `${kind === "sidecar" ? "s" : "i"}${i}`;
        if (kind === "init") {
          behaviours[name] = (g.regularBehaviours[i] ?? []).map((b) => ({
            ...b,
            exitAfterMs: b.exitAfterMs ?? 1_000,
          }));
          return container(name);
        }
        behaviours[name] = g.sidecarBehaviours[i] ?? [];
        return sidecar(name, {
          ...(g.preStops[i] ? withPreStop : {}),
          ...(options.startupProbes !== false && g.startupProbes[i] ? withStartupProbe : {}),
        });
      });
      const containers: Container[] = [];
      for (let i = 0; i < g.regularCount; i++) {
        const name = `c${i}`;
        behaviours[name] = g.regularBehaviours[6 + i] ?? [];
        containers.push(container(name, g.preStops[6 + i] ? withPreStop : {}));
      }
      const pod = makePod({ init, containers, restartPolicy: g.restartPolicy, graceSeconds: g.graceSeconds });
      return { pod, behaviours };
    });
}

/** Instance n behaves like the n-th scripted behaviour, the last one repeating. */
export function behaviourOf(podCase: PodCase): Behaviour {
  return (name, instance) => {
    const list = podCase.behaviours[name] ?? [];
    return list[Math.min(instance, list.length - 1)] ?? {};
  };
}
