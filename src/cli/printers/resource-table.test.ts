import { describe, expect, it } from "vitest";
import type { Job, Pod } from "../../api/index.js";
import { formatJobTable, formatPodTable } from "./resource-table.js";
import { formatPodStatusLine, podStatusCells, podStatusKey } from "./pod-status-line.js";
import { formatObjects } from "./object-output.js";

const t0 = Date.UTC(2026, 0, 1);
const pod = (name: string, phase: "Running" | "Succeeded", ready: boolean): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { containers: [{ name: "app" }] },
  status: {
    phase,
    podIPs: [{ ip: "127.0.0.1" }],
    containerStatuses: [
      {
        name: "app",
        image: "",
        imageID: "",
        ready,
        restartCount: 0,
        state: phase === "Running" ? { running: {} } : { terminated: { exitCode: 0, reason: "Completed" } },
      },
    ],
  },
});

describe("kubectl get tables", () => {
  it("pods: kubectl's columns, widths from the rows, 3 spaces between columns", () => {
    expect(
      formatPodTable([pod("web", "Running", true), pod("nightly-backup", "Succeeded", false)], {
        now: t0 + 90_000,
      }),
    ).toBe(
      [
        "NAME             READY   STATUS      RESTARTS   AGE",
        "web              1/1     Running     0          90s",
        "nightly-backup   0/1     Completed   0          90s",
        "",
      ].join("\n"),
    );
  });

  it("pods -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES", () => {
    expect(formatPodTable([pod("web", "Running", true)], { now: t0, wide: true })).toBe(
      [
        "NAME   READY   STATUS    RESTARTS   AGE   IP          NODE     NOMINATED NODE   READINESS GATES",
        "web    1/1     Running   0          0s    127.0.0.1   <none>   <none>           <none>",
        "",
      ].join("\n"),
    );
  });

  it("get -w rows: no header, widths remembered from the table above", () => {
    const widths: number[] = [];
    formatPodTable([pod("nightly-backup", "Running", true)], { now: t0, widths });
    expect(formatPodTable([pod("web", "Succeeded", false)], { now: t0, widths, noHeaders: true })).toBe(
      "web              0/1     Completed   0          0s\n",
    );
  });

  it("jobs: NAME STATUS COMPLETIONS DURATION AGE", () => {
    const job: Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "nightly", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: { template: { spec: { containers: [] } }, completions: 1 },
      status: {
        succeeded: 1,
        startTime: "2026-01-01T00:00:00Z",
        completionTime: "2026-01-01T00:00:12Z",
        conditions: [{ type: "Complete", status: "True" }],
      },
    };
    expect(formatJobTable([job], { now: t0 + 60_000 })).toBe(
      "NAME      STATUS     COMPLETIONS   DURATION   AGE\nnightly   Complete   1/1           12s        60s\n",
    );
  });
});

describe("podvisor run's pod transitions", () => {
  it("a line has the pod and kubectl's READY, STATUS and RESTARTS cells, labelled", () => {
    expect(formatPodStatusLine(podStatusCells(pod("web", "Running", true), t0))).toBe(
      "pod/web   READY 1/1   STATUS Running   RESTARTS 0",
    );
  });

  it("the ageing '(… ago)' part of RESTARTS is no change", () => {
    expect(podStatusKey({ name: "w", ready: "1/1", status: "Running", restarts: "2 (5s ago)" })).toBe(
      podStatusKey({ name: "w", ready: "1/1", status: "Running", restarts: "2 (9s ago)" }),
    );
  });
});

describe("kubectl get -o json|yaml|name", () => {
  const p = pod("web", "Running", true);
  it("one named object prints alone, keys sorted, JSON indented by 4", () => {
    const json = formatObjects([p], { kind: "json" }, { single: true });
    expect(json.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {')).toBe(true);
  });
  it("several objects print as a v1 List", () => {
    expect(JSON.parse(formatObjects([p, p], { kind: "json" }, { single: false }))).toMatchObject({
      apiVersion: "v1",
      kind: "List",
      metadata: { resourceVersion: "" },
    });
  });
  it("yaml keeps list items at their key's indentation", () => {
    expect(formatObjects([p], { kind: "yaml" }, { single: true })).toContain(
      "spec:\n  containers:\n  - name: app\n",
    );
  });
  it("yaml quotes timestamps as kubectl (go-yaml) does", () => {
    expect(formatObjects([p], { kind: "yaml" }, { single: true })).toContain(
      'creationTimestamp: "2026-01-01T00:00:00Z"',
    );
  });
  it("name prints kind/name", () => {
    expect(formatObjects([p], { kind: "name" }, { single: false })).toBe("pod/web\n");
  });
});
