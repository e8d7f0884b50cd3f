/**
 * runtime/ is the port between the agent and whatever runs containers (the CRI analogue):
 * `ContainerRuntime` in port.ts, backends in runtime/process (local processes in their own pid
 * and mount namespaces, the default) and runtime/fake (driven by a clock, for agent tests), and
 * the one contract suite every backend passes (runtime/testing/contract.ts).
 */
export type * from "./port.js";
export { unhonouredFields } from "./capabilities.js";
export { createProcessRuntime, detectIsolation, processRuntimeCapabilities } from "./process/index.js";
export { FakeRuntime } from "./fake/index.js";
