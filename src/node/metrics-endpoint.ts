/**
 * The node's `/metrics`, as far as podvisor has metrics: the `kubernetes_feature_enabled` gauge
 * of component-base (k8s.io/component-base/metrics/prometheus/feature: one series per feature
 * gate, labels `name` and `stage`, value 1 or 0), in the Prometheus text format a kubelet serves.
 * It is what the "Adopting Sidecar Containers" tutorial greps for through the API server's node
 * proxy (`kubectl get --raw /api/v1/nodes/<node>/proxy/metrics`), and what `podvisor doctor`
 * reads. The request handler is mounted on the node's kubelet server; it answers `/metrics` only.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { featureGateStages, type FeatureGateName, type FeatureGates } from "../api/index.js";

export const metricsPath = "/metrics";

/** Prometheus text exposition format 0.0.4, as client_golang's promhttp answers a plain GET. */
export const prometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

/** The gauge's exposition: HELP and TYPE, then one series per gate in name order. */
export function formatFeatureEnabledMetrics(gates: FeatureGates): string {
  const names = (Object.keys(gates) as FeatureGateName[]).sort();
  return [
    "# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.",
    "# TYPE kubernetes_feature_enabled gauge",
    ...names.map(
      (name) =>
        `kubernetes_feature_enabled{name="${name}",stage="${featureGateStages[name]}"} ${gates[name] ? 1 : 0}`,
    ),
    "",
  ].join("\n");
}

/** GET or HEAD `/metrics` → the exposition; other methods 405; any other path 404. */
export function createMetricsHandler(
  gates: FeatureGates,
): (request: IncomingMessage, response: ServerResponse) => void {
  const body = formatFeatureEnabledMetrics(gates);
  return (request, response) => {
    const path = new URL(request.url ?? "/", "http://node").pathname;
    if (path !== metricsPath) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    response.writeHead(200, {
      "Content-Type": prometheusTextContentType,
      "Content-Length": Buffer.byteLength(body),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };
}
