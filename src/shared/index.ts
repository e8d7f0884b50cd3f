/**
 * shared/ holds what every layer may use and nothing domain-specific: the Clock (time is an
 * input; FakeClock in shared/testing), the PodvisorError classes (a class, a stable code, a cause,
 * the Kubernetes reason where one applies), typed lifecycle events, the Logger interface, and
 * the Prometheus histogram the servers' /metrics share.
 */
export { SLEEP_ABORTED, type Clock } from "./clock.js";
export * from "./errors.js";
export type * from "./events.js";
export type { Logger } from "./logger.js";
export { silentLogger } from "./logger.js";
export { PrometheusHistogram } from "./prometheus-histogram.js";
export { systemClock } from "./system-clock.js";
export { WakeTimer } from "./wake-timer.js";
