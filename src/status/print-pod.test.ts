/**
 * Restates kubernetes `pkg/printers/internalversion/printers_test.go` `TestPrintPod`,
 * `TestPrintPodWithRestartableInitContainer` and `TestPrintPodwide` (cells only; the table-row
 * `Completed` condition is not part of the row we print). Upstream measures from `time.Now()`;
 * here a fixed `now` and timestamps relative to it.
 */
import { describe, expect, it } from "vitest";
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  PodPhase,
  PodSpec,
  PodStatus,
} from "../api/index.js";
import { printPodRow } from "./print-pod.js";

const NOW = Date.parse("2026-01-10T12:00:00Z");
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;

/** Go's `make([]api.Container, n)`: n containers with empty names. */
const unnamed = (n: number): Container[] => Array.from({ length: n }, () => ({ name: "" }));
const cs = (fields: Partial<ContainerStatus>): ContainerStatus => ({
  name: "",
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
  ...fields,
});
const finishedAgo = (ms: number): ContainerState => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });
const running = { running: {} };
const sidecar = (name: string): Container => ({ name, restartPolicy: "Always" });

function pod(name: string, spec: PodSpec, status: PodStatus, deleted = false): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: deleted ? { name, deletionTimestamp: ago(10 * SECOND) } : { name },
    spec,
    status,
  };
}

type Cells = [string, string, string, string, string];
const cellsOf = (p: Pod): Cells => {
  const row = printPodRow(p, { now: NOW });
  return [row.NAME, row.READY, row.STATUS, row.RESTARTS, row.AGE];
};

describe("TestPrintPod", () => {
  const phase = "podPhase" as PodPhase;
  it.each<[string, Pod, Cells]>([
    [
      "name, number of containers, restarts and ready",
      pod(
        "test1",
        { containers: unnamed(2) },
        {
          phase,
          containerStatuses: [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })],
        },
      ),
      ["test1", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "a container error overwrites the pod phase",
      pod(
        "test2",
        { containers: unnamed(2) },
        {
          phase,
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 }),
          ],
        },
      ),
      ["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "the first container's reason wins over a later terminated one",
      pod(
        "test3",
        { containers: unnamed(2) },
        {
          phase,
          containerStatuses: [
            cs({ state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 }),
            cs({
              state: { terminated: { exitCode: 0, reason: "ContainerTerminatedReason" } },
              restartCount: 3,
            }),
          ],
        },
      ),
      ["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "ready alone is not enough to count as running",
      pod(
        "test4",
        { containers: unnamed(2) },
        {
          phase,
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ["test4", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "the pod reason replaces the phase",
      pod(
        "test5",
        { containers: unnamed(2) },
        {
          reason: "podReason",
          phase,
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ["test5", "1/2", "podReason", "6", "<unknown>"],
    ],
    [
      "one running and one completed container without a Ready condition is NotReady",
      pod(
        "test6",
        { containers: unnamed(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: running }),
          ],
        },
      ),
      ["test6", "1/2", "NotReady", "6", "<unknown>"],
    ],
    [
      "one running and one completed container with a Ready condition is Running",
      pod(
        "test6",
        { containers: unnamed(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: running }),
          ],
          conditions: [{ type: "Ready", status: "True" }],
        },
      ),
      ["test6", "1/2", "Running", "6", "<unknown>"],
    ],
    [
      "one init container restarting and one container not running",
      pod(
        "test7",
        { initContainers: unnamed(1), containers: unnamed(1) },
        {
          phase,
          initContainerStatuses: [
            cs({ restartCount: 3, state: running, lastState: finishedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"],
    ],
    [
      "two init containers, one restarting and one not running",
      pod(
        "test8",
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase,
          initContainerStatuses: [
            cs({ restartCount: 3, state: running, lastState: finishedAgo(10 * SECOND) }),
            cs({ state: { waiting: {} } }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test8", "0/1", "Init:0/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "two init containers, one completed without restarts and one restarting",
      pod(
        "test9",
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase,
          initContainerStatuses: [
            cs({ state: { terminated: { exitCode: 0 } } }),
            cs({ restartCount: 3, state: running, lastState: finishedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test9", "0/1", "Init:1/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "two init containers, one completed with restarts and one restarting",
      pod(
        "test10",
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase,
          initContainerStatuses: [
            cs({
              restartCount: 2,
              state: { terminated: { exitCode: 0 } },
              lastState: finishedAgo(120 * SECOND),
            }),
            cs({ restartCount: 3, state: running, lastState: finishedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"],
    ],
    [
      "an init container completed with restarts and a container restarting",
      pod(
        "test11",
        { initContainers: unnamed(1), containers: unnamed(1) },
        {
          phase: "Running",
          initContainerStatuses: [
            cs({
              restartCount: 2,
              state: { terminated: { exitCode: 0 } },
              lastState: finishedAgo(120 * SECOND),
            }),
          ],
          containerStatuses: [cs({ restartCount: 4, state: running, lastState: finishedAgo(20 * SECOND) })],
        },
      ),
      ["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"],
    ],
    [
      "a container that restarted 5d ago",
      pod(
        "test12",
        { containers: unnamed(1) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running, lastState: finishedAgo(5 * DAY) }),
          ],
        },
      ),
      ["test12", "1/1", "Running", "3 (5d ago)", "<unknown>"],
    ],
    [
      "one container never restarted, the other 10d ago",
      pod(
        "test13",
        { containers: unnamed(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, state: running }),
            cs({ ready: true, restartCount: 3, state: running, lastState: finishedAgo(10 * DAY) }),
          ],
        },
      ),
      ["test13", "2/2", "Running", "3 (10d ago)", "<unknown>"],
    ],
    [
      "restarts 5d and 20d ago show the latest",
      pod(
        "test14",
        { containers: unnamed(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 6, state: running, lastState: finishedAgo(5 * DAY) }),
            cs({ ready: true, restartCount: 3, state: running, lastState: finishedAgo(20 * DAY) }),
          ],
        },
      ),
      ["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"],
    ],
    [
      "a SchedulingGated PodScheduled condition",
      pod(
        "test15",
        { containers: unnamed(2) },
        { phase, conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] },
      ),
      ["test15", "0/2", "SchedulingGated", "0", "<unknown>"],
    ],
    [
      "a succeeded pod",
      pod(
        "test16",
        { containers: unnamed(1) },
        {
          phase: "Succeeded",
          containerStatuses: [cs({ state: { terminated: { reason: "Completed", exitCode: 0 } } })],
        },
      ),
      ["test16", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "a failed pod",
      pod(
        "test17",
        { containers: unnamed(1) },
        {
          phase: "Failed",
          containerStatuses: [cs({ state: { terminated: { reason: "Error", exitCode: 1 } } })],
        },
      ),
      ["test17", "0/1", "Error", "0", "<unknown>"],
    ],
    [
      "a succeeded pod being deleted keeps Completed",
      pod(
        "test18",
        { containers: unnamed(1) },
        {
          phase: "Succeeded",
          containerStatuses: [cs({ state: { terminated: { reason: "Completed", exitCode: 0 } } })],
        },
        true,
      ),
      ["test18", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "a running pod being deleted is Terminating",
      pod(
        "test19",
        { containers: unnamed(1) },
        { phase: "Running", containerStatuses: [cs({ state: running })] },
        true,
      ),
      ["test19", "0/1", "Terminating", "0", "<unknown>"],
    ],
    [
      "a pending pod being deleted is Terminating",
      pod("test20", { containers: unnamed(1) }, { phase: "Pending" }, true),
      ["test20", "0/1", "Terminating", "0", "<unknown>"],
    ],
  ])("%s", (_name, p, expected) => {
    expect(cellsOf(p)).toEqual(expected);
  });
});

describe("TestPrintPodWithRestartableInitContainer", () => {
  const twoSidecars: PodSpec = {
    initContainers: [sidecar("restartable-init-1"), sidecar("restartable-init-2")],
    containers: unnamed(1),
  };
  it.each<[string, Pod, Cells]>([
    [
      "the first sidecar running but not started",
      pod("test1", twoSidecars, {
        phase: "Pending",
        initContainerStatuses: [
          cs({
            name: "restartable-init-1",
            restartCount: 3,
            state: running,
            started: false,
            lastState: finishedAgo(10 * SECOND),
          }),
          cs({ name: "restartable-init-2", state: { waiting: {} }, started: false }),
        ],
        containerStatuses: [cs({ state: { waiting: {} } })],
        conditions: [{ type: "Initialized", status: "False" }],
      }),
      ["test1", "0/3", "Init:0/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "the first sidecar started, the second running but not started",
      pod("test1", twoSidecars, {
        phase: "Pending",
        initContainerStatuses: [
          cs({
            name: "restartable-init-1",
            restartCount: 3,
            state: running,
            started: true,
            lastState: finishedAgo(10 * SECOND),
          }),
          cs({ name: "restartable-init-2", state: running, started: false }),
        ],
        containerStatuses: [cs({ state: { waiting: {} } })],
        conditions: [{ type: "Initialized", status: "False" }],
      }),
      ["test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "both sidecars started and the container running",
      pod("test2", twoSidecars, {
        phase: "Running",
        initContainerStatuses: [
          cs({
            name: "restartable-init-1",
            restartCount: 3,
            state: running,
            started: true,
            lastState: finishedAgo(10 * SECOND),
          }),
          cs({ name: "restartable-init-2", state: running, started: true }),
        ],
        containerStatuses: [
          cs({ ready: true, restartCount: 4, state: running, lastState: finishedAgo(20 * SECOND) }),
        ],
        conditions: [{ type: "Initialized", status: "True" }],
      }),
      ["test2", "1/3", "Running", "7 (10s ago)", "<unknown>"],
    ],
    [
      "both sidecars ended non-zero and the container completed",
      pod("test3", twoSidecars, {
        phase: "Succeeded",
        initContainerStatuses: [
          cs({
            name: "restartable-init-1",
            restartCount: 3,
            state: { terminated: { reason: "Error", exitCode: 137 } },
            started: false,
            lastState: finishedAgo(10 * SECOND),
          }),
          cs({
            name: "restartable-init-2",
            state: { terminated: { reason: "Error", exitCode: 137 } },
            started: false,
          }),
        ],
        containerStatuses: [
          cs({
            restartCount: 4,
            state: { terminated: { reason: "Completed", exitCode: 0 } },
            lastState: finishedAgo(20 * SECOND),
          }),
        ],
        conditions: [{ type: "Initialized", status: "True" }],
      }),
      ["test3", "0/3", "Completed", "7 (10s ago)", "<unknown>"],
    ],
    [
      "statuses for containers that are not in the spec",
      pod(
        "test4",
        {
          initContainers: [
            { name: "init1", image: "initimage" },
            { name: "sidecar1", image: "sidecarimage", restartPolicy: "Always" },
          ],
          containers: [{ name: "container1", image: "containerimage" }],
        },
        {
          phase: "Running",
          initContainerStatuses: [
            cs({ name: "initinvalid" }),
            cs({ name: "init1" }),
            cs({ name: "sidecar1" }),
          ],
          containerStatuses: [cs({ name: "containerinvalid" }), cs({ name: "container1" })],
        },
      ),
      ["test4", "0/2", "Init:0/2", "0", "<unknown>"],
    ],
  ])("%s", (_name, p, expected) => {
    expect(cellsOf(p)).toEqual(expected);
  });
});

describe("TestPrintPodwide", () => {
  const gates = [
    { conditionType: "condition1" },
    { conditionType: "condition2" },
    { conditionType: "condition3" },
  ];
  const phase = "podPhase" as PodPhase;
  const statuses = [cs({ ready: true, restartCount: 3, state: running }), cs({ restartCount: 3 })];
  const gateConditions: PodStatus["conditions"] = [
    { type: "condition1", status: "False" },
    { type: "condition2", status: "True" },
  ];
  it.each<[string, Pod, string[]]>([
    [
      "node and pod IP set",
      pod(
        "test1",
        { containers: unnamed(2), nodeName: "test1", readinessGates: gates },
        {
          conditions: gateConditions,
          phase,
          podIPs: [{ ip: "1.1.1.1" }],
          containerStatuses: statuses,
          nominatedNodeName: "node1",
        },
      ),
      ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"],
    ],
    [
      "a dual-stack pod shows its first IP",
      pod(
        "test1",
        { containers: unnamed(2), nodeName: "test1", readinessGates: gates },
        {
          conditions: gateConditions,
          phase,
          podIPs: [{ ip: "1.1.1.1" }, { ip: "2001:db8::" }],
          containerStatuses: statuses,
          nominatedNodeName: "node1",
        },
      ),
      ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"],
    ],
    [
      "node and pod IP unset",
      pod(
        "test2",
        { containers: unnamed(2), nodeName: "" },
        {
          phase,
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: running }),
            cs({ state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 }),
          ],
        },
      ),
      ["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>", "<none>", "<none>", "<none>", "<none>"],
    ],
  ])("%s", (_name, p, expected) => {
    const row = printPodRow(p, { now: NOW, wide: true });
    expect([
      row.NAME,
      row.READY,
      row.STATUS,
      row.RESTARTS,
      row.AGE,
      row.IP,
      row.NODE,
      row["NOMINATED NODE"],
      row["READINESS GATES"],
    ]).toEqual(expected);
  });
});

describe("printPodRow beyond the upstream tables", () => {
  const spec: PodSpec = { initContainers: [sidecar("proxy")], containers: [{ name: "app" }] };
  it("prints AGE from the creation timestamp", () => {
    const p: Pod = {
      ...pod("aged", spec, { phase: "Pending" }),
      metadata: { name: "aged", creationTimestamp: ago(90 * SECOND) },
    };
    expect(printPodRow(p, { now: NOW }).AGE).toBe("90s");
  });

  it("keeps Init:CrashLoopBackOff for a crash-looping sidecar after initialization, counting the app's READY and RESTARTS", () => {
    const p = pod("loop", spec, {
      phase: "Running",
      conditions: [{ type: "Initialized", status: "True" }],
      initContainerStatuses: [
        cs({
          name: "proxy",
          restartCount: 2,
          started: false,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: finishedAgo(5 * SECOND),
        }),
      ],
      containerStatuses: [
        cs({
          name: "app",
          ready: true,
          restartCount: 1,
          state: running,
          lastState: finishedAgo(60 * SECOND),
        }),
      ],
    });
    expect(cellsOf(p)).toEqual(["loop", "1/2", "Init:CrashLoopBackOff", "3 (5s ago)", "<unknown>"]);
  });

  it("shows Init:Signal and Init:ExitCode for an unexplained init failure", () => {
    const failing = (terminated: { exitCode: number; signal?: number }): Pod =>
      pod(
        "f",
        { initContainers: [{ name: "setup" }], containers: [{ name: "app" }] },
        { phase: "Pending", initContainerStatuses: [cs({ name: "setup", state: { terminated } })] },
      );
    expect(printPodRow(failing({ exitCode: 137, signal: 9 }), { now: NOW }).STATUS).toBe("Init:Signal:9");
    expect(printPodRow(failing({ exitCode: 3 }), { now: NOW }).STATUS).toBe("Init:ExitCode:3");
  });

  it("shows Unknown for a deleted pod whose node was lost", () => {
    const p = pod("lost", { containers: unnamed(1) }, { phase: "Running", reason: "NodeLost" }, true);
    expect(printPodRow(p, { now: NOW }).STATUS).toBe("Unknown");
  });
});
