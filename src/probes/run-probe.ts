/**
 * Runs one probe's handler once (kubelet `prober.runProbe`): exec in the container, httpGet /
 * tcpSocket / grpc from podvisor to the pod's address (the loopback address on the process
 * backend). Never throws: a handler that cannot run is an "Unknown" outcome (E3).
 */
import type { Container, Probe } from "../api/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { runExecProbe } from "./exec-probe.js";
import { runGrpcProbe } from "./grpc-probe.js";
import { runHttpProbe } from "./http-probe.js";
import type { ProbeRun } from "./probe-outcome.js";
import { resolveContainerPort } from "./resolve-port.js";
import { runTcpProbe } from "./tcp-probe.js";

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  podIP: string;
}

export async function runProbe(probe: Probe, target: ProbeTarget, timeoutMs: number): Promise<ProbeRun> {
  try {
    if (probe.exec)
      return await runExecProbe(target.runtime, target.containerId, probe.exec.command ?? [], timeoutMs);
    if (probe.httpGet) return await runHttpProbe(probe.httpGet, target.container, target.podIP, timeoutMs);
    if (probe.tcpSocket) {
      const port = resolveContainerPort(probe.tcpSocket.port, target.container);
      if ("error" in port) return { outcome: "Unknown", message: port.error };
      const host =
        probe.tcpSocket.host !== undefined && probe.tcpSocket.host !== ""
          ? probe.tcpSocket.host
          : target.podIP;
      return await runTcpProbe(host, port.port, timeoutMs);
    }
    if (probe.grpc)
      return await runGrpcProbe(target.podIP, probe.grpc.port, probe.grpc.service ?? "", timeoutMs);
    return { outcome: "Unknown", message: "missing probe handler" };
  } catch (error) {
    return { outcome: "Unknown", message: error instanceof Error ? error.message : String(error) };
  }
}
