/**
 * Property tests for container restart rules (KEP-5307, I3) and in-place pod restarts (KEP-5532,
 * I4) over random pods: random pod and container restart policies, random Restart and
 * RestartAllContainers rules, random exit codes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containerShouldRestart } from "../api/index.js";
import type { Container, ContainerRestartRule, RestartPolicy } from "../api/index.js";
import { isLive, listContainerSpecs } from "./container-specs.js";
import { isRestartAllDue } from "./restart-all.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";
import type { InstanceBehaviour } from "./testing/instance-behaviour.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const exitCodes = [0, 1, 42] as const;

const arbitraryRule: fc.Arbitrary<ContainerRestartRule> = fc.record({
  action: fc.constantFrom("Restart" as const, "RestartAllContainers" as const),
  exitCodes: fc.record({
    operator: fc.constantFrom("In" as const, "NotIn" as const),
    values: fc.subarray([...exitCodes], { minLength: 1 }),
  }),
});

/** A container policy and rules as validation allows them (rules need a policy). */
const arbitraryOwnPolicy: fc.Arbitrary<Pick<Container, "restartPolicy" | "restartPolicyRules">> = fc.oneof(
  fc.constant({}),
  fc.record({
    restartPolicy: fc.constantFrom("Always", "OnFailure", "Never"),
    restartPolicyRules: fc.array(arbitraryRule, { maxLength: 2 }),
  }),
);

const arbitraryBehaviours: fc.Arbitrary<InstanceBehaviour[]> = fc.array(
  fc.record({
    exitAfterMs: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined, freq: 4 }),
    exitCode: fc.constantFrom(...exitCodes),
    onStop: fc.record({ afterMs: fc.integer({ min: 0, max: 3_000 }), exitCode: fc.constantFrom(0, 143) }),
  }),
  { minLength: 1, maxLength: 4 },
);

const arbitraryCase = fc.record({
  restartPolicy: fc.constantFrom<RestartPolicy>("Always", "OnFailure", "Never"),
  inits: fc.array(fc.record({ own: arbitraryOwnPolicy, behaviours: arbitraryBehaviours }), { maxLength: 2 }),
  sidecars: fc.array(
    fc.record({ rules: fc.array(arbitraryRule, { maxLength: 1 }), behaviours: arbitraryBehaviours }),
    { maxLength: 2 },
  ),
  regulars: fc.array(fc.record({ own: arbitraryOwnPolicy, behaviours: arbitraryBehaviours }), {
    minLength: 1,
    maxLength: 3,
  }),
  deleteAtMs: fc.integer({ min: 0, max: 60_000 }),
});

type Case = typeof arbitraryCase extends fc.Arbitrary<infer T> ? T : never;

function simulate(c: Case) {
  const behaviours: Record<string, InstanceBehaviour[]> = {};
  const init: Container[] = [];
  c.inits.forEach((spec, i) => {
    behaviours[`i${i}`] = spec.behaviours.map((b) => ({ ...b, exitAfterMs: b.exitAfterMs ?? 1_000 }));
    init.push(container(`i${i}`, spec.own));
  });
  c.sidecars.forEach((spec, i) => {
    behaviours[`s${i}`] = spec.behaviours;
    init.push(sidecar(`s${i}`, spec.rules.length > 0 ? { restartPolicyRules: spec.rules } : {}));
  });
  const containers = c.regulars.map((spec, i) => {
    behaviours[`c${i}`] = spec.behaviours;
    return container(`c${i}`, spec.own);
  });
  const pod = makePod({ init, containers, restartPolicy: c.restartPolicy, graceSeconds: 5 });
  const driver = new ScenarioDriver(pod, (name, instance) => {
    const list = behaviours[name] ?? [];
    return list[Math.min(instance, list.length - 1)] ?? {};
  });
  driver.runUntil(c.deleteAtMs);
  if (!driver.state.termination) driver.delete();
  driver.runToEnd(c.deleteAtMs + 3_600_000);
  return { pod, driver };
}

describe("container restart rules and in-place restarts: properties", () => {
  it("I3: a regular or init container that exited is started again only if its own policy and rules, else the pod's, say so", () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { pod, driver } = simulate(c);
        const entries = new Map(listContainerSpecs(pod).map((e) => [e.name, e]));
        for (const { stateBefore, actions } of driver.plans) {
          for (const start of actions.startContainers) {
            const entry = entries.get(start.name)!;
            const current = stateBefore.containers[start.name]!.state;
            if (entry.role === "sidecar" || current.kind !== "exited") continue;
            const code = current.termination.exitCode;
            const allowed = containerShouldRestart(entry.spec, pod.spec.restartPolicy, code);
            expect(entry.role === "init" ? code !== 0 && allowed : allowed).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("I4: after a RestartAllContainers exit nothing starts until the pod was reset, and it is reset only once nothing runs", () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { pod, driver } = simulate(c);
        for (const { stateBefore, actions } of driver.plans) {
          if (isRestartAllDue(pod, stateBefore)) expect(actions.startContainers).toEqual([]);
          if (actions.resetContainers)
            expect(Object.values(stateBefore.containers).filter((r) => isLive(r) || r.killing)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("C4: whatever the rules, a deleted pod finishes", () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        expect(simulate(c).driver.isFinished).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
