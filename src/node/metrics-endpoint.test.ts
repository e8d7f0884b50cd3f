import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultFeatureGates } from "../api/index.js";
import { createMetricsHandler, formatFeatureEnabledMetrics } from "./metrics-endpoint.js";

const header = [
  "# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.",
  "# TYPE kubernetes_feature_enabled gauge",
];

describe("kubernetes_feature_enabled, as component-base exposes it, in the release the node reports", () => {
  it.each([
    [
      "1.36, SidecarContainers on: 1, stage empty (GA)",
      36,
      true,
      ['kubernetes_feature_enabled{name="SidecarContainers",stage=""} 1'],
    ],
    [
      "1.36, SidecarContainers off: 0",
      36,
      false,
      ['kubernetes_feature_enabled{name="SidecarContainers",stage=""} 0'],
    ],
    ["1.30: BETA", 30, false, ['kubernetes_feature_enabled{name="SidecarContainers",stage="BETA"} 0']],
    ["1.28: ALPHA", 28, false, ['kubernetes_feature_enabled{name="SidecarContainers",stage="ALPHA"} 0']],
    ["1.27: no series, the gate did not exist yet", 27, false, []],
  ])("%s", (_name, minor, enabled, series) => {
    expect(
      formatFeatureEnabledMetrics({ ...defaultFeatureGates, SidecarContainers: enabled }, minor).split("\n"),
    ).toEqual([...header, ...series, ""]);
  });

  it("SidecarsRestartableDuringPodTermination (KEP-4438) has a series from 1.37 on, ALPHA, and none in 1.36", () => {
    const gates = { ...defaultFeatureGates, SidecarsRestartableDuringPodTermination: true };
    expect(formatFeatureEnabledMetrics(gates, 37).split("\n")).toContain(
      'kubernetes_feature_enabled{name="SidecarsRestartableDuringPodTermination",stage="ALPHA"} 1',
    );
    expect(formatFeatureEnabledMetrics(gates, 36)).not.toContain("SidecarsRestartableDuringPodTermination");
  });
});

describe("the /metrics request handler", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(createMetricsHandler({ ...defaultFeatureGates, SidecarContainers: false }, 36));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("GET /metrics answers the Prometheus text format", async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await response.text()).toContain(
      'kubernetes_feature_enabled{name="SidecarContainers",stage=""} 0\n',
    );
  });

  it.each([
    ["another path is 404", "GET", "/healthz", 404],
    ["a query string is ignored", "GET", "/metrics?x=1", 200],
    ["POST is 405", "POST", "/metrics", 405],
  ])("%s", async (_name, method, path, status) => {
    expect((await fetch(`${base}${path}`, { method })).status).toBe(status);
  });
});
