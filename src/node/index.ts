/**
 * node/ is the composition behind `podvisor node`: the lifecycle engine as a Kubernetes node. It
 * registers the Node and keeps its Lease and status fresh (node-heartbeat.ts), watches the pods
 * bound to it through the kube/ Reflector, admits each the kubelet way, runs it with the agent's
 * pod workers (through pod-worker-adapter.ts only), and reports statuses (pod-status-manager.ts,
 * the kubelet's status manager), Events and deletions back to the API server. It serves the
 * kubelet API the API server proxies `kubectl logs` to (kubelet-api.ts, routes in
 * kubelet-server.ts). docs/node.md.
 */
export { defaultMaxPods, runNode, type RunNodeOptions, type NodeProcess } from "./run-node.js";
export { readMachineFacts } from "./machine-info.js";
export { implementedKubeletVersion } from "./node-object.js";
export { kubeletVersionProblem } from "./kubelet-version.js";
export { createMetricsHandler, formatFeatureEnabledMetrics, metricsPath } from "./metrics-endpoint.js";
export { startKubeletApi, type KubeletApiOptions } from "./kubelet-api.js";
export { kubeletAuthorizationModes, type KubeletAuthorizationMode } from "./kubelet-authorizer.js";
export type { KubeletRoute, KubeletRequest, KubeletServer } from "./kubelet-server.js";
