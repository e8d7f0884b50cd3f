/**
 * run/ is the composition behind `podvisor run`: a fixed list of pods and Jobs (the pod source),
 * the agent's pod workers (the kubelet), the manager's Job runners (the controller manager) and
 * the caller's status and event sinks (the state directory in the CLI). It checks up front that
 * every pod can run here faithfully, runs to the end, and deletes everything on interrupt or
 * timeout. `podvisor node` will be a second composition of the same parts, fed by the API server.
 */
export { RunSession, type RunInput, type RunResult, type RunSessionDeps } from "./run-session.js";
