/** A machine and a node identity for the unit tests of the Node, its status and its heartbeat. */
import type { MachineFacts, NodeIdentity } from "../node-object.js";

export const testMachine: MachineFacts = {
  cpuCount: 2,
  memoryBytes: 4 * 1024 * 1024 * 1024,
  operatingSystem: "linux",
  architecture: "amd64",
  kernelVersion: "6.1.0",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  machineID: "m1",
  bootID: "b1",
};

export const testIdentity: NodeIdentity = {
  nodeName: "edge-1",
  nodeIP: "10.0.0.5",
  podvisorVersion: "0.1.0",
  maxPods: 110,
  kubeletPort: 10250,
};
