/**
 * The small readers and writers the pitfall hints need (status/pitfalls.ts): a probe named by its
 * handler, and the delay in the kubelet's CrashLoopBackOff message.
 */
import type { Probe } from "../api/index.js";

/** `httpGet :8080/ready`, `tcpSocket :5432`, `grpc :9090`, `exec [cat /tmp/ready]`. */
export function describeProbe(probe: Probe): string {
  if (probe.httpGet) return `httpGet :${String(probe.httpGet.port)}${probe.httpGet.path ?? "/"}`;
  if (probe.tcpSocket) return `tcpSocket :${String(probe.tcpSocket.port)}`;
  if (probe.grpc) return `grpc :${String(probe.grpc.port)}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}]`;
  return "no handler";
}

const GO_DURATION_UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * The delay of `back-off 1m20s restarting failed container=…` (kuberuntime_manager.go doBackOff,
 * written with Go's Duration.String), in ms; undefined for any other message.
 */
export function parseBackOffDelayMs(message: string): number | undefined {
  const text = /^back-off (\S+) restarting failed container/.exec(message)?.[1];
  if (text === undefined) return undefined;
  let totalMs = 0;
  let rest = text;
  while (rest.length > 0) {
    const part = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    const unitMs = part?.[2] === undefined ? undefined : GO_DURATION_UNIT_MS[part[2]];
    if (!part || unitMs === undefined) return undefined;
    totalMs += Number(part[1]) * unitMs;
    rest = rest.slice(part[0].length);
  }
  return Math.round(totalMs);
}
