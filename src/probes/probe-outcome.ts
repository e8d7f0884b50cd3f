/**
 * What one run of a probe handler said, with the text the kubelet puts into the `Unhealthy`
 * event (`pkg/probe/*` outputs, worded by `pkg/kubelet/prober/prober.go`).
 */
import type { ProbeOutcome } from "./prober-state.js";

export interface ProbeRun {
  outcome: ProbeOutcome;
  /**
   * The handler's output: for a Failure the text after "<Kind> probe failed: "; for a Success
   * with `isWarning`, the text after "<Kind> probe warning: ".
   */
  message: string;
  /**
   * `probe.Warning` (an httpGet probe that ended on a redirect): a Success for the prober that
   * the kubelet also reports as a `ProbeWarning` event.
   */
  isWarning?: true;
}

/** The Kubernetes version podvisor follows, as the kubelet puts it into `kube-probe/<major>.<minor>`. */
export const KUBE_VERSION = "1.36";

/** Go's `time.Duration` `%v` for whole seconds: 1s, 1m30s, 1h0m0s. */
export function formatGoSeconds(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** `net.JoinHostPort`: IPv6 literals in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Go's dial error text for a Node socket error, as the kubelet's probes report it, e.g.
 * `dial tcp 127.0.0.1:8080: connect: connection refused`.
 */
export function describeDialError(error: unknown, address: string): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ECONNREFUSED":
      return `dial tcp ${address}: connect: connection refused`;
    case "EHOSTUNREACH":
      return `dial tcp ${address}: connect: no route to host`;
    case "ENETUNREACH":
      return `dial tcp ${address}: connect: network is unreachable`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `dial tcp: lookup ${address.replace(/:\d+$/, "").replace(/^\[|\]$/g, "")}: no such host`;
    case "ECONNRESET":
      return `read tcp ${address}: read: connection reset by peer`;
    default:
      return `dial tcp ${address}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
