/** Properties of the status rules that hold for any observed state (style.md §10). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContainerStatus, Pod, PodSpec } from "../api/index.js";
import type { ContainerRecord, InstanceState, PodRuntimeState } from "../lifecycle/index.js";
import { generatePodStatus } from "./generate-pod-status.js";
import { humanDuration } from "./human-duration.js";
import { getPodPhase } from "./pod-phase.js";
import { printPodRow } from "./print-pod.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const spec: PodSpec = {
  restartPolicy: "Never",
  initContainers: [
    { name: "setup" },
    { name: "proxy", restartPolicy: "Always" },
    { name: "logs", restartPolicy: "Always" },
  ],
  containers: [{ name: "app" }, { name: "worker" }],
};
const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec };

const termination = fc.record({
  exitCode: fc.constantFrom(0, 1, 137),
  reason: fc.constantFrom("Completed" as const, "Error" as const),
  startedAtMs: fc.constant(T0 + 1000),
  finishedAtMs: fc.constant(T0 + 2000),
});
const instanceState: fc.Arbitrary<InstanceState> = fc.oneof(
  fc.constant({ kind: "notCreated" as const }),
  fc.constant({ kind: "starting" as const, sinceMs: T0 }),
  fc.constant({ kind: "running" as const, startedAtMs: T0, id: "x" }),
  fc.constant({ kind: "startFailed" as const, reason: "RunContainerError", message: "m", atMs: T0 }),
  termination.map((t) => ({ kind: "exited" as const, termination: t })),
);
const record = (name: string, role: ContainerRecord["role"]): fc.Arbitrary<ContainerRecord> =>
  fc.record({
    name: fc.constant(name),
    role: fc.constant(role),
    state: instanceState,
    restartCount: fc.nat(5),
    probes: fc.record({
      startup: fc.constantFrom("Unknown" as const, "Success" as const),
      liveness: fc.constant("Success" as const),
      readiness: fc.constantFrom("Failure" as const, "Success" as const),
    }),
  });
const runtimeState: fc.Arbitrary<PodRuntimeState> = fc
  .tuple(
    record("setup", "init"),
    record("proxy", "sidecar"),
    record("logs", "sidecar"),
    record("app", "regular"),
    record("worker", "regular"),
  )
  .map((records) => ({
    admittedAtMs: T0,
    sandboxReadyAtMs: T0,
    containers: Object.fromEntries(records.map((r) => [r.name, r])),
  }));

describe("status properties", () => {
  it("a terminated sidecar's exit code never changes the phase", () => {
    const exitedSidecar = (exitCode: number): ContainerStatus => ({
      name: "proxy",
      ready: false,
      restartCount: 0,
      image: "",
      imageID: "",
      state: { terminated: { exitCode } },
    });
    fc.assert(
      fc.property(runtimeState, fc.integer({ min: 1, max: 255 }), (state, exitCode) => {
        const status = generatePodStatus(pod, state, T0 + 5000);
        const withSidecar = (code: number): Pod => ({
          ...pod,
          status: {
            ...status,
            initContainerStatuses: (status.initContainerStatuses ?? []).map((s) =>
              s.name === "proxy" ? exitedSidecar(code) : s,
            ),
          },
        });
        expect(getPodPhase(withSidecar(exitCode))).toBe(getPodPhase(withSidecar(0)));
      }),
    );
  });

  it("a terminal phase reported once is reported forever", () => {
    fc.assert(
      fc.property(runtimeState, runtimeState, (first, second) => {
        const before = generatePodStatus(pod, first, T0 + 5000);
        const after = generatePodStatus(pod, second, T0 + 6000, before);
        if (before.phase === "Succeeded" || before.phase === "Failed") expect(after.phase).toBe(before.phase);
      }),
    );
  });

  it("READY counts regular containers and every spec sidecar, whatever the statuses say", () => {
    fc.assert(
      fc.property(runtimeState, (state) => {
        const status = generatePodStatus(pod, state, T0 + 5000);
        const [ready, total] = printPodRow({ ...pod, status }, { now: T0 + 5000 })
          .READY.split("/")
          .map(Number);
        expect(total).toBe(4);
        expect(ready).toBeLessThanOrEqual(4);
      }),
    );
  });

  it("Initialized is True whenever a regular container is running or has exited", () => {
    fc.assert(
      fc.property(runtimeState, (state) => {
        const status = generatePodStatus(pod, state, T0 + 5000);
        const regularHasRun = (status.containerStatuses ?? []).some(
          (s) => s.state?.running ?? s.state?.terminated,
        );
        const initialized = status.conditions?.find((c) => c.type === "Initialized");
        if (regularHasRun) expect(initialized?.status).toBe("True");
      }),
    );
  });

  it("humanDuration under two minutes is the whole number of seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 119_999 }), (ms) => {
        expect(humanDuration(ms)).toBe(`${Math.floor(ms / 1000)}s`);
      }),
    );
  });
});
