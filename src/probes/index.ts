/**
 * Probes (docs/rules/lifecycle.md §E). `prober-state.ts` is the pure part: one probe of one container
 * instance as a state machine on numbers (initial delay, period, thresholds, startup gating,
 * holds, termination). The runners (`run-probe.ts` and the exec/http/tcp/grpc files) are the I/O
 * part: each runs a handler once and says Success / Failure / Unknown with the kubelet's text.
 * The agent's probe manager (agent/probe-workers.ts) wires them to timers and the pod worker.
 */
export * from "./probe-timing.js";
export * from "./prober-state.js";
export * from "./probe-outcome.js";
export { runProbe, type ProbeTarget } from "./run-probe.js";
export { probeWarningMessage, unhealthyMessage } from "./unhealthy-message.js";
export { httpGet, httpGetTarget, type HttpGetResult, type HttpGetTarget } from "./http-get.js";
export { resolveContainerPort } from "./resolve-port.js";
