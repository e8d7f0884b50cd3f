/**
 * tcpSocket probes (`pkg/probe/tcp`): Success once a TCP connection is established (then closed at
 * once); a refused or timed-out connect is a Failure with Go's dial error text.
 */
import { connect } from "node:net";
import { describeDialError, joinHostPort, type ProbeRun } from "./probe-outcome.js";

export function runTcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeRun> {
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: "Failure", message: `dial tcp ${address}: i/o timeout` });
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: "Success", message: "" });
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: "Failure", message: describeDialError(error, address) });
    });
  });
}
