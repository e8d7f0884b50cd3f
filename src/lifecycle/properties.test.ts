import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasStarted, isLive, listInitContainers, listRegularContainers } from "./container-specs.js";
import { arbitraryBehaviour, arbitraryPodCase, behaviourOf, type PodCase } from "./testing/arbitrary-pod.js";
import { ScenarioDriver } from "./testing/scenario-driver.js";

const HOUR_MS = 3_600_000;

/** Runs a case, deleting the pod at `deleteAtMs` unless it finished before. */
function simulate(podCase: PodCase, deleteAtMs: number | undefined): ScenarioDriver {
  const driver = new ScenarioDriver(podCase.pod, behaviourOf(podCase));
  if (deleteAtMs !== undefined) {
    driver.runUntil(deleteAtMs);
    if (!driver.state.termination) driver.delete();
  }
  driver.runToEnd(deleteAtMs === undefined ? HOUR_MS : deleteAtMs + HOUR_MS);
  return driver;
}

const deleteAt = fc.integer({ min: 0, max: 120_000 });

describe("engine properties", () => {
  it("A2/A5: no regular container ever starts before every init container has been initialized (sidecars started)", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        const inits = listInitContainers(podCase.pod);
        const regulars = new Set(listRegularContainers(podCase.pod).map((e) => e.name));
        const initialized = new Set<string>();
        for (const { stateBefore, actions } of driver.plans) {
          for (const entry of inits) {
            const record = stateBefore.containers[entry.name]!;
            if (
              entry.role === "sidecar"
                ? hasStarted(entry.spec, record)
                : record.state.kind === "exited" && record.state.termination.exitCode === 0
            ) {
              initialized.add(entry.name);
            }
          }
          if (actions.startContainers.some((s) => regulars.has(s.name))) {
            expect(inits.filter((e) => !initialized.has(e.name)).map((e) => e.name)).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("A3: before initialization at most one init container is in progress (live and not yet initialized)", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        const inits = listInitContainers(podCase.pod);
        const regulars = listRegularContainers(podCase.pod);
        // A12: a sidecar that was started once and is being restarted runs beside the frontier; it
        // is not "in progress" for ordering purposes.
        const everStarted = new Set<string>();
        for (const { stateBefore } of driver.plans) {
          if (regulars.some((e) => stateBefore.containers[e.name]?.state.kind !== "notCreated")) break;
          for (const e of inits)
            if (hasStarted(e.spec, stateBefore.containers[e.name]!)) everStarted.add(e.name);
          const inProgress = inits.filter((e) => {
            const record = stateBefore.containers[e.name]!;
            return isLive(record) && !everStarted.has(e.name);
          });
          expect(inProgress.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("C4/C10: nothing starts once termination began", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), fc.option(deleteAt, { nil: undefined }), (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        for (const { stateBefore, actions } of driver.plans) {
          if (stateBefore.termination) expect(actions.startContainers).toEqual([]);
        }
        const terminatedAt = driver.log.find((e) => e.kind === "terminationStarted")?.atMs;
        if (terminatedAt !== undefined) {
          expect(driver.log.filter((e) => e.kind === "starting" && e.atMs > terminatedAt)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("C4: a deleted pod always finishes, within the grace period plus the stop windows", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        expect(driver.isFinished).toBe(true);
        const started = driver.state.termination!.startedAtMs;
        const finishedAt = driver.plans.find((p) => p.actions.isFinished)!.atMs;
        // C6: the budget g, then at most the 2 s minimum window, plus under 1 s of whole-second
        // truncation (e1 + e2 + 2 s with e2 <= g - floor(e1) gives < g + 3 s).
        expect(finishedAt - started).toBeLessThan(driver.state.termination!.gracePeriodMs + 3_000);
      }),
      { numRuns: 300 },
    );
  });

  it("B11: nothing starts while a single-container kill is in flight", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        for (const { stateBefore, actions } of driver.plans) {
          if (Object.values(stateBefore.containers).some((c) => c.killing))
            expect(actions.startContainers).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("C5: along each chain of sidecars that termination reached (kubelet newTerminationOrdering: one already gone breaks the chain), stop signals go in reverse declaration order, after every regular container exited", () => {
    fc.assert(
      fc.property(arbitraryPodCase({ prompt: true }), deleteAt, (podCase, deleteAtMs) => {
        fc.pre(podCase.pod.spec.terminationGracePeriodSeconds === 30);
        const driver = simulate(podCase, deleteAtMs);
        const terminatedAt = driver.state.termination!.startedAtMs;
        const after = driver.log.filter((e) => e.atMs >= terminatedAt);
        const sidecars = listInitContainers(podCase.pod).filter((e) => e.role === "sidecar");
        const signalOf = (name: string) =>
          after.find((e) => e.kind === "stopSignal" && !e.viaKill && e.name === name)?.atMs;
        const reached = (name: string) =>
          after.some(
            (e) =>
              e.name === name &&
              (e.kind === "preStop" || e.kind === "awaitTurn" || (e.kind === "stopSignal" && !e.viaKill)),
          );
        const chains: string[][] = [[]];
        for (const sidecar of sidecars) {
          if (reached(sidecar.name)) chains[chains.length - 1]?.push(sidecar.name);
          else chains.push([]);
        }
        for (const chain of chains) {
          const inChain = chain.map(signalOf).filter((t): t is number => t !== undefined);
          expect(inChain).toEqual([...inChain].sort((a, b) => b - a));
        }
        const signalled = sidecars.map((e) => signalOf(e.name)).filter((t): t is number => t !== undefined);
        const lastRegularExit = Math.max(
          -1,
          ...after.filter((e) => e.kind === "exited" && e.name.startsWith("c")).map((e) => e.atMs),
        );
        for (const t of signalled) expect(t).toBeGreaterThanOrEqual(lastRegularExit);
      }),
      { numRuns: 300 },
    );
  });

  it("B1/C1: a pod with restartPolicy Never and a sidecar that always crashes still finishes when its regular containers exit", () => {
    const crashing = arbitraryBehaviour().map((b) => ({
      ...b,
      failsToStart: false,
      exitAfterMs: (b.exitAfterMs ?? 0) % 3_000,
      exitCode: 1,
    }));
    fc.assert(
      fc.property(
        arbitraryPodCase({ restartPolicies: ["Never"], startupProbes: false, sidecarBehaviour: crashing }),
        (podCase) => {
          // Regular containers always exit on their own here; init containers succeed.
          for (const name of Object.keys(podCase.behaviours)) {
            if (/^[ci]/.test(name))
              podCase.behaviours[name] = podCase.behaviours[name]!.map((b) => ({
                ...b,
                failsToStart: false,
                exitAfterMs: b.exitAfterMs ?? 5_000,
                exitCode: name.startsWith("i") ? 0 : (b.exitCode ?? 0),
                livenessFailsAfterMs: undefined,
              }));
          }
          const driver = simulate(podCase, undefined);
          expect(driver.isFinished).toBe(true);
          expect(driver.state.termination?.reason).toBe("Completed");
          const regularsDone = listRegularContainers(podCase.pod).every(
            (e) => driver.state.containers[e.name]?.state.kind === "exited",
          );
          expect(regularsDone).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("A14: a regular init container is never started again once it exited 0", () => {
    fc.assert(
      fc.property(arbitraryPodCase(), deleteAt, (podCase, deleteAtMs) => {
        const driver = simulate(podCase, deleteAtMs);
        for (const entry of listInitContainers(podCase.pod).filter((e) => e.role === "init")) {
          const succeeded = driver.log.findIndex(
            (e) => e.kind === "exited" && e.name === entry.name && e.exitCode === 0,
          );
          if (succeeded < 0) continue;
          expect(
            driver.log.slice(succeeded).filter((e) => e.kind === "starting" && e.name === entry.name),
          ).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("B4: no container is restarted sooner than its backoff allows (second restart ≥ 10 s after the exit)", () => {
    fc.assert(
      fc.property(arbitraryPodCase({ restartPolicies: ["Always"] }), (podCase) => {
        const driver = simulate(podCase, 300_000);
        for (const name of Object.keys(podCase.behaviours)) {
          const starts = driver.log
            .filter((e) => e.kind === "starting" && e.name === name)
            .map((e) => e.atMs);
          const ends = driver.log
            .filter((e) => (e.kind === "exited" || e.kind === "startFailed") && e.name === name)
            .map((e) => e.atMs);
          // From the third start on, each start is at least 10 s after the end of the previous attempt.
          for (let i = 2; i < starts.length; i++)
            expect(starts[i]! - ends[i - 1]!).toBeGreaterThanOrEqual(10_000);
        }
      }),
      { numRuns: 200 },
    );
  });
});
