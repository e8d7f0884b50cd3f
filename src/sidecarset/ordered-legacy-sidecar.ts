/**
 * `ordered-legacy` for one sidecar (Istio's old workaround, generalised; docs/sidecar-modes.md): a
 * regular container placed first, with a postStart that waits until it is started — the kubelet
 * starts the next container only after a postStart returns — and a preStop that holds it until
 * the app containers exited, bounded by the grace period less the time its own shutdown needs.
 */
import type { FieldError, Fields } from "../api/index.js";
import { readinessConditions } from "./readiness-conditions.js";
import { helperInPod, mountHelper, stateFlags } from "./sidecar-helper.js";
import type { SidecarRef } from "./universal-sidecar.js";

/** Time left to the sidecar after a held preStop, out of the grace period. */
const stopMarginSeconds = 2;
const defaultGracePeriodSeconds = 30;

/** Adds the hooks to `container` (mutating it); returns the `--explain` notes, or the error. */
export function arrangeOrderedLegacySidecar(
  container: Fields,
  sidecar: SidecarRef,
  pod: { appList: string; terminationGracePeriodSeconds: unknown },
): { error: FieldError } | { notes: string[] } {
  const lifecycle = (container.lifecycle ?? {}) as Fields;
  if (lifecycle.postStart !== undefined || lifecycle.preStop !== undefined)
    return {
      error: {
        type: "Forbidden",
        path: `sidecarset/${sidecar.sidecarSet}: ${sidecar.name}.lifecycle`,
        detail:
          "ordered-legacy mode sets the sidecar's postStart and preStop; remove its own, or use another mode",
      },
    };
  const ready = readinessConditions(container);
  const grace =
    typeof pod.terminationGracePeriodSeconds === "number"
      ? pod.terminationGracePeriodSeconds
      : defaultGracePeriodSeconds;
  const holdSeconds = Math.max(grace - stopMarginSeconds, 1);
  const waitReady = ready && [
    ...[helperInPod, "wait-ready", "--name", sidecar.name, "--timeout", `${ready.timeoutSeconds}s`],
    ...ready.flags,
  ];
  const hold = [
    ...[helperInPod, "hold-until-apps-exit", ...stateFlags(sidecar.name)],
    ...["--apps", pod.appList, "--timeout", `${holdSeconds}s`],
  ];
  container.lifecycle = {
    ...lifecycle,
    ...(waitReady ? { postStart: { exec: { command: waitReady } } } : {}),
    preStop: { exec: { command: hold } },
  };
  mountHelper(container);
  return {
    notes: [
      ready
        ? `${sidecar.name}: postStart waits until ${ready.source} passes (at most ${ready.timeoutSeconds}s), so the app starts after it`
        : `${sidecar.name}: no startup or readiness probe and no port: started means running, no postStart wait`,
      `${sidecar.name}: preStop holds it until the app containers exited (at most ${holdSeconds}s of the ${grace}s grace period)`,
    ],
  };
}
