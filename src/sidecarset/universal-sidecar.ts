/**
 * `universal` for one sidecar (the Kubernetes tutorial "Adopting Sidecar Containers", strategy 3;
 * docs/sidecar-modes.md): the native copy, already an init container with restartPolicy Always,
 * runs `podvisor-sidecar universal native` and gets a startup probe that passes only once it runs
 * as the sidecar (with the sidecar's own startup check, if it had one); a regular copy,
 * `<name>-legacy`, runs `universal regular`: the sidecar where the native copy never restarts, else
 * idle (restartPolicy Always) or gone (exit 0). Both keep their resources: requests count twice.
 */
import type { FieldError, Fields } from "../api/index.js";
import { readinessConditions } from "./readiness-conditions.js";
import { helperInPod, mountHelper, setCommand, stateFlags, wrappedCommand } from "./sidecar-helper.js";

/** The suffix of a universal sidecar's regular copy. */
export const regularCopySuffix = "-legacy";

export interface SidecarRef {
  name: string;
  sidecarSet: string;
}

/** Turns `native` into the native copy (mutating it) and returns the regular copy, or the error. */
export function arrangeUniversalSidecar(
  native: Fields,
  sidecar: SidecarRef,
  pod: { restartPolicy: string; appList: string; containerNames: ReadonlySet<string> },
): { error: FieldError } | { regular: Fields; notes: string[] } {
  const copyName = `${sidecar.name}${regularCopySuffix}`;
  const regular = structuredClone(native);
  const nativeCommand = wrappedCommand(native, ["universal", "native", ...stateFlags(sidecar.name)]);
  const regularCommand = wrappedCommand(regular, [
    ...["universal", "regular", ...stateFlags(sidecar.name), "--restart-policy", pod.restartPolicy],
    ...(pod.appList ? ["--apps", pod.appList] : []),
  ]);
  if (!nativeCommand || !regularCommand)
    return {
      error: {
        type: "Required",
        path: `sidecarset/${sidecar.sidecarSet}: ${sidecar.name}.command`,
        detail:
          "universal mode wraps the sidecar's program in podvisor-sidecar: set command (and args); an image's entrypoint cannot be wrapped",
      },
    };
  if (pod.containerNames.has(copyName))
    return {
      error: {
        type: "Duplicate",
        path: `sidecarset/${sidecar.sidecarSet}: spec.containers`,
        value: copyName,
        detail: `universal mode names the regular copy of ${sidecar.name} so; the pod has a container of that name`,
      },
    };
  const startup = readinessConditions(native, ["startupProbe"], false);
  setCommand(native, nativeCommand);
  native.startupProbe = {
    exec: {
      command: [helperInPod, "universal", "probe", ...stateFlags(sidecar.name), ...(startup?.flags ?? [])],
    },
    periodSeconds: 1,
    timeoutSeconds: 5,
    failureThreshold: Math.max(startup?.timeoutSeconds ?? 0, 60),
  };
  mountHelper(native);
  delete regular.restartPolicy;
  regular.name = copyName;
  setCommand(regular, regularCommand);
  mountHelper(regular);
  const idle = pod.restartPolicy === "Always" ? "idle" : "exits 0";
  return {
    regular,
    notes: [
      `${sidecar.name}: native copy; exits 0 on its first run, restarted by a sidecar-aware kubelet it becomes the sidecar (startup probe: podvisor-sidecar universal probe${startup ? ` and ${startup.source}` : ""})`,
      `${copyName} → containers (before the app's): universal sidecar, regular copy; the sidecar where the native copy never restarts, else ${idle} (requests counted twice)`,
    ],
  };
}
