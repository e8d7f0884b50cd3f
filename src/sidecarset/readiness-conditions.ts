/**
 * "The sidecar is started", as flags of the helper's readiness checks (`wait-ready`, the
 * universal startup probe): from the sidecar's startupProbe, else its readinessProbe, else its
 * first TCP containerPort — what the kubelet would wait for, turned into checks the helper can
 * make from inside the pod (the pod's containers share its network, so 127.0.0.1 reaches them).
 */
import { isRecord, type Fields } from "../api/index.js";
import { listOf } from "./build-sidecar-container.js";

export interface ReadinessConditions {
  /** `--tcp 127.0.0.1:15021`, `--http http://127.0.0.1:15021/ready`, `--exec ["cat","/ready"]`. */
  flags: string[];
  /** Where they came from, for --explain: "its startupProbe (httpGet :15021/ready)". */
  source: string;
  /** How long a start may take: a startup probe's own budget, else two minutes. */
  timeoutSeconds: number;
}

/** Without a startup probe, how long a sidecar may take to start (the Istio default is 120 s too). */
export const defaultStartTimeoutSeconds = 120;

export function readinessConditions(
  container: Fields,
  probes: readonly ("startupProbe" | "readinessProbe")[] = ["startupProbe", "readinessProbe"],
  usePorts = true,
): ReadinessConditions | undefined {
  for (const field of probes) {
    const probe = container[field];
    if (!isRecord(probe)) continue;
    const check = probeCheck(probe, container);
    if (!check) continue;
    return {
      flags: check.flags,
      source: `its ${field} (${check.summary})`,
      timeoutSeconds: field === "startupProbe" ? startupBudgetSeconds(probe) : defaultStartTimeoutSeconds,
    };
  }
  if (!usePorts) return undefined;
  const port = listOf(container.ports).find(
    (p) => typeof p.containerPort === "number" && (p.protocol ?? "TCP") === "TCP",
  );
  if (port)
    return {
      flags: ["--tcp", `127.0.0.1:${String(port.containerPort)}`],
      source: `its port ${String(port.containerPort)}`,
      timeoutSeconds: defaultStartTimeoutSeconds,
    };
  return undefined;
}

/** The time a startup probe allows: initialDelaySeconds + failureThreshold × periodSeconds. */
function startupBudgetSeconds(probe: Fields): number {
  const number = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);
  const budget =
    number(probe.initialDelaySeconds, 0) +
    number(probe.failureThreshold, 3) * number(probe.periodSeconds, 10);
  return Math.max(budget, 1);
}

function probeCheck(probe: Fields, container: Fields): { flags: string[]; summary: string } | undefined {
  if (isRecord(probe.httpGet)) {
    const get = probe.httpGet;
    const port = resolvePort(get.port, container);
    if (port === undefined) return undefined;
    const scheme = get.scheme === "HTTPS" ? "https" : "http";
    const host = typeof get.host === "string" && get.host !== "" ? get.host : "127.0.0.1";
    const path = typeof get.path === "string" ? (get.path.startsWith("/") ? get.path : `/${get.path}`) : "/";
    return { flags: ["--http", `${scheme}://${host}:${port}${path}`], summary: `httpGet :${port}${path}` };
  }
  if (isRecord(probe.tcpSocket) || isRecord(probe.grpc)) {
    // A gRPC health check is approximated by its port accepting connections.
    const action = isRecord(probe.tcpSocket) ? probe.tcpSocket : (probe.grpc as Fields);
    const port = resolvePort(action.port, container);
    if (port === undefined) return undefined;
    const host = typeof action.host === "string" && action.host !== "" ? action.host : "127.0.0.1";
    const kind = isRecord(probe.tcpSocket) ? "tcpSocket" : "grpc, as a TCP check";
    return { flags: ["--tcp", `${host}:${port}`], summary: `${kind} :${port}` };
  }
  if (isRecord(probe.exec) && Array.isArray(probe.exec.command) && probe.exec.command.length > 0) {
    const argv = probe.exec.command.map(String);
    return { flags: ["--exec", JSON.stringify(argv)], summary: `exec ${argv.join(" ")}` };
  }
  return undefined;
}

/** A port number, or a named port of the container (IANA_SVC_NAME). */
function resolvePort(port: unknown, container: Fields): number | undefined {
  if (typeof port === "number") return port;
  if (typeof port === "string" && /^\d+$/.test(port)) return Number(port);
  const named = listOf(container.ports).find((p) => p.name === port);
  return typeof named?.containerPort === "number" ? named.containerPort : undefined;
}
