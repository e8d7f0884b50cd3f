/**
 * Scripted container processes for the scenario driver: how each instance of a container behaves.
 */
/** How one container instance behaves. Times are ms after it runs (or after the signal/hook starts). */
export interface InstanceBehaviour {
  /** The start attempt fails for a runtime reason (A17). */
  failsToStart?: boolean | undefined;
  /** Exits on its own this long after running (undefined: runs until stopped), with `exitCode` (default 0). */
  exitAfterMs?: number | undefined;
  exitCode?: number;
  /** With a startupProbe: the probe reports `startupResult` (default Success) this long after running (default 0). */
  startupAfterMs?: number | undefined;
  startupResult?: "Success" | "Failure";
  /** With a readinessProbe: the probe reports Success this long after running (default 0). */
  readyAfterMs?: number | undefined;
  /** The liveness probe reports Failure this long after running. */
  livenessFailsAfterMs?: number | undefined;
  /** How long the preStop hook runs (default 0; Infinity never returns). */
  preStopMs?: number | undefined;
  /** On the stop signal: exit after `afterMs` with `exitCode`, or ignore it (SIGKILL at the grace → 137). Default: exit 0 at once. */
  onStop?: { afterMs: number; exitCode: number } | "ignore";
}

export type Behaviour = (name: string, instance: number) => InstanceBehaviour;
