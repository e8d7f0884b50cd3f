import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import type { PodvisorEvent } from "../../shared/index.js";
import { describeProbe } from "./describe-containers.js";
import { describePod } from "./describe-pod.js";

const t0 = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(t0 + s * 1000).toISOString().replace(".000Z", "Z");

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web",
    namespace: "default",
    creationTimestamp: at(0),
    labels: { app: "web", tier: "front" },
    ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "nightly", uid: "u", controller: true }],
  },
  spec: {
    nodeName: "laptop",
    initContainers: [
      {
        name: "proxy",
        image: "envoy:1",
        restartPolicy: "Always",
        readinessProbe: { httpGet: { path: "/ready", port: 15021, scheme: "HTTP" }, periodSeconds: 2 },
        resources: { requests: { cpu: "100m" } },
      },
    ],
    containers: [
      {
        name: "app",
        image: "shop:2",
        args: ["--port", "8080"],
        ports: [{ containerPort: 8080, protocol: "TCP" }],
        env: [
          { name: "MODE", value: "prod" },
          { name: "POD_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
        ],
        livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5 },
        volumeMounts: [{ name: "data", mountPath: "/data", readOnly: true }],
        resources: { requests: { cpu: "250m", memory: "64Mi" } },
      },
    ],
    volumes: [{ name: "data", emptyDir: {} }],
  },
  status: {
    phase: "Running",
    hostIP: "127.0.0.1",
    podIP: "127.0.0.1",
    podIPs: [{ ip: "127.0.0.1" }],
    startTime: at(0),
    qosClass: "Burstable",
    conditions: [
      { type: "Initialized", status: "True" },
      { type: "Ready", status: "True" },
    ],
    initContainerStatuses: [
      {
        name: "proxy",
        image: "envoy:1",
        imageID: "",
        containerID: "podvisor://1",
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: at(1) } },
      },
    ],
    containerStatuses: [
      {
        name: "app",
        image: "shop:2",
        imageID: "",
        containerID: "podvisor://3",
        ready: true,
        started: true,
        restartCount: 1,
        state: { running: { startedAt: at(20) } },
        lastState: {
          terminated: { exitCode: 137, signal: 9, reason: "Error", startedAt: at(2), finishedAt: at(10) },
        },
      },
    ],
  },
};

const event = (
  s: number,
  reason: PodvisorEvent["reason"],
  message: string,
  type: "Normal" | "Warning" = "Normal",
): PodvisorEvent => ({
  type,
  reason,
  message,
  involvedObject: { kind: "Pod", namespace: "default", name: "web", fieldPath: "spec.containers{app}" },
  timeMs: t0 + s * 1000,
  source: "kubelet",
});

const events = [
  event(1, "Started", "Started container app"),
  event(10, "BackOff", "Back-off restarting failed container app in pod web_default(u)", "Warning"),
  event(15, "BackOff", "Back-off restarting failed container app in pod web_default(u)", "Warning"),
  {
    ...event(3, "Started", "Started container other"),
    involvedObject: { kind: "Pod" as const, namespace: "default", name: "other" },
  },
];

const text = describePod(pod, events, { now: t0 + 60_000, utcOffsetMinutes: () => 0 });

describe("describePod (kubectl describe pod's layout)", () => {
  it("opens with the pod's identity; a line without a tab (IPs:) starts a new alignment block, as in kubectl", () => {
    expect(text.split("\n").slice(0, 12).join("\n")).toBe(
      [
        "Name:         web",
        "Namespace:    default",
        "Node:         laptop/127.0.0.1",
        "Start Time:   Thu, 01 Jan 2026 00:00:00 +0000",
        "Labels:       app=web",
        "              tier=front",
        "Annotations:  <none>",
        "Status:       Running",
        "IP:           127.0.0.1",
        "IPs:",
        "  IP:           127.0.0.1",
        "Controlled By:  Job/nightly",
      ].join("\n"),
    );
  });

  it("shows a container's state, last state with exit code and signal, ready and restart count", () => {
    expect(text).toContain(
      [
        "    State:          Running",
        "      Started:      Thu, 01 Jan 2026 00:00:20 +0000",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    137",
        "      Signal:       9",
        "      Started:      Thu, 01 Jan 2026 00:00:02 +0000",
        "      Finished:     Thu, 01 Jan 2026 00:00:10 +0000",
        "    Ready:          True",
        "    Restart Count:  1",
      ].join("\n"),
    );
  });

  it("prints probes, environment (field references resolved) and mounts as kubectl does", () => {
    // The block after `Requests:` lines up on its own (the header line has no tab).
    expect(text).toContain(
      "    Liveness:  exec [cat /tmp/healthy] delay=5s timeout=1s period=10s #success=1 #failure=3\n",
    );
    expect(text).toContain(
      "    Readiness:    http-get http://:15021/ready delay=0s timeout=1s period=2s #success=1 #failure=3\n",
    );
    expect(text).toContain("      MODE:      prod\n      POD_NAME:  web (v1:metadata.name)\n");
    expect(text).toContain("    Mounts:\n      /data from data (ro)\n");
  });

  it("lists init containers (sidecars included) before containers, with no extra Restart Policy line", () => {
    expect(text.indexOf("Init Containers:\n  proxy:")).toBeLessThan(text.indexOf("Containers:\n  app:"));
    expect(text).not.toContain("Restart Policy");
  });

  it("adds the effective pod requests (sidecar + app) in a section of its own", () => {
    expect(text).toContain(
      "Effective Resources (podvisor, KEP-753):\n  Requests:  cpu=350m, memory=64Mi\n  Limits:    <none>\n",
    );
  });

  it("folds repeated events into one row with a count, and leaves other pods' events out", () => {
    expect(text.slice(text.indexOf("Events:"))).toBe(
      [
        "Events:",
        "  Type     Reason   Age                From     Message",
        "  ----     ------   ----               ----     -------",
        "  Normal   Started  59s                kubelet  Started container app",
        "  Warning  BackOff  45s (x2 over 50s)  kubelet  Back-off restarting failed container app in pod web_default(u)",
        "",
      ].join("\n"),
    );
  });

  it("podvisor.dev/wait-for: each container that waits shows a Waits For line (docs/ordering.md); others none", () => {
    const ordered: Pod = {
      ...pod,
      metadata: { ...pod.metadata, annotations: { "podvisor.dev/wait-for": "app: proxy=ready" } },
    };
    const lines = describePod(ordered, [], { now: t0, utcOffsetMinutes: () => 0 }).split("\n");
    expect(lines.filter((line) => line.includes("Waits For:")).map((line) => line.trim())).toEqual([
      "Waits For:  proxy=ready",
    ]);
    expect(text).not.toContain("Waits For:");
  });

  it("says Events: <none> when there are none", () => {
    expect(describePod(pod, [], { now: t0, utcOffsetMinutes: () => 0 })).toMatch(/\nEvents: {2}<none>\n$/);
  });
});

describe("describeProbe", () => {
  it.each([
    {
      name: "tcp-socket",
      probe: { tcpSocket: { port: 5432 } },
      want: "tcp-socket :5432 delay=0s timeout=1s period=10s #success=1 #failure=3",
    },
    {
      name: "grpc",
      probe: { grpc: { port: 9090 } },
      want: "grpc <pod>:9090  delay=0s timeout=1s period=10s #success=1 #failure=3",
    },
    {
      name: "http-get with a host and https",
      probe: {
        httpGet: { host: "10.0.0.1", port: "http", path: "/healthz", scheme: "HTTPS" as const },
        timeoutSeconds: 3,
      },
      want:
        "https-get".replace("https-get", "http-get") +
        " https://10.0.0.1:http/healthz delay=0s timeout=3s period=10s #success=1 #failure=3",
    },
  ])("$name", ({ probe, want }) => {
    expect(describeProbe(probe)).toBe(want);
  });
});
