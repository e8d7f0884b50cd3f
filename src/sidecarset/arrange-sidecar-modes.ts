/**
 * The second half of the `universal` and `ordered-legacy` modes (docs/sidecar-modes.md), run on
 * the pod once every SidecarSet's sidecars are merged in, since it needs the final app containers:
 *
 * - universal (strategy 3 of the Kubernetes tutorial "Adopting Sidecar Containers"): the native
 *   copy (already an init container with restartPolicy Always) runs `podvisor-sidecar universal
 *   native` and gets a startup probe that passes once it runs as the sidecar; a regular copy,
 *   `<name>-legacy`, goes before the app containers and runs `universal regular`. Where the node
 *   has native sidecars the regular copy idles (restartPolicy Always) or exits 0; elsewhere it is
 *   the sidecar. Both copies keep their resources: the pod's requests count the sidecar twice.
 * - ordered-legacy (Istio's old workaround, generalised): the sidecar, a regular container placed
 *   first, gets a postStart that waits until it is started — the kubelet starts the next container
 *   only after a postStart returns — and a preStop that holds it until the app containers exited.
 *
 * The app containers are wrapped by `podvisor-sidecar app` when a sidecar must see them exit
 * (ordered-legacy always, universal when the pod does not restart Always: a Job's pod completes
 * on an old node only when the regular copy stops after the apps). Mutates the spec it is given.
 */
import type { FieldError, Fields } from "../api/index.js";
import { listOf } from "./build-sidecar-container.js";
import { readinessConditions } from "./readiness-conditions.js";
import {
  addHelperToPod,
  helperInPod,
  helperMountPath,
  isWrapped,
  mountHelper,
  podRestartPolicy,
  wrappedCommand,
  type SidecarHelperSource,
} from "./sidecar-helper.js";

export type ArrangedMode = "universal" | "ordered-legacy";

export interface ModedSidecar {
  name: string;
  sidecarSet: string;
  mode: ArrangedMode;
}

export interface ArrangedSidecars {
  errors: FieldError[];
  /** The regular copies of universal sidecars, per SidecarSet. */
  regularCopies: Map<string, string[]>;
  /** More `--explain` lines, per SidecarSet. */
  placements: Map<string, string[]>;
}

/** The suffix of a universal sidecar's regular copy. */
export const regularCopySuffix = "-legacy";
/** Time left to the sidecar after a held preStop, out of the grace period. */
const stopMarginSeconds = 2;
const defaultGracePeriodSeconds = 30;

export function arrangeSidecarModes(
  spec: Fields,
  sidecars: readonly ModedSidecar[],
  /** Every container the SidecarSets injected (so the rest are the app's). */
  injectedNames: ReadonlySet<string>,
  helper: SidecarHelperSource,
): ArrangedSidecars {
  const out: ArrangedSidecars = { errors: [], regularCopies: new Map(), placements: new Map() };
  if (sidecars.length === 0) return out;
  const say = (set: string, line: string) =>
    out.placements.set(set, [...(out.placements.get(set) ?? []), line]);
  const restartPolicy = podRestartPolicy(spec);
  const universal = sidecars.filter((s) => s.mode === "universal");
  const ordered = sidecars.filter((s) => s.mode === "ordered-legacy");
  const containers = listOf(spec.containers);
  const initContainers = listOf(spec.initContainers);
  const apps = containers.filter((c) => !injectedNames.has(String(c.name)));
  const mustWatchApps = ordered.length > 0 || (universal.length > 0 && restartPolicy !== "Always");
  const watched = mustWatchApps ? wrapApps(apps) : { wrapped: [], unwrapped: [] };
  const appList = watched.wrapped.join(",");
  const sets = [...new Set(sidecars.map((s) => s.sidecarSet))];
  for (const set of sets) {
    if (watched.wrapped.length > 0)
      say(
        set,
        `app containers wrapped by podvisor-sidecar app (it sees them exit): ${watched.wrapped.join(", ")}`,
      );
    if (watched.unwrapped.length > 0)
      say(set, `not wrapped, no command (their exit is not seen): ${watched.unwrapped.join(", ")}`);
  }

  const regularCopies: Fields[] = [];
  for (const sidecar of universal) {
    const native = initContainers.find((c) => c.name === sidecar.name);
    if (!native) continue;
    const copyName = `${sidecar.name}${regularCopySuffix}`;
    const regular = structuredClone(native);
    const nativeCommand = wrappedCommand(native, ["universal", "native", ...stateFlags(sidecar.name)]);
    const regularCommand = wrappedCommand(regular, [
      "universal",
      "regular",
      ...stateFlags(sidecar.name),
      "--restart-policy",
      restartPolicy,
      ...(appList ? ["--apps", appList] : []),
    ]);
    if (!nativeCommand || !regularCommand) {
      out.errors.push(noCommand(sidecar, "universal"));
      continue;
    }
    if ([...containers, ...initContainers].some((c) => c.name === copyName)) {
      out.errors.push({
        type: "Duplicate",
        path: `sidecarset/${sidecar.sidecarSet}: spec.containers`,
        value: copyName,
        detail: `universal mode names the regular copy of ${sidecar.name} so; the pod has a container of that name`,
      });
      continue;
    }
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
    regularCopies.push(regular);
    out.regularCopies.set(sidecar.sidecarSet, [
      ...(out.regularCopies.get(sidecar.sidecarSet) ?? []),
      copyName,
    ]);
    say(
      sidecar.sidecarSet,
      `${sidecar.name}: native copy; exits 0 on its first run, restarted by a sidecar-aware kubelet it becomes the sidecar (startup probe: podvisor-sidecar universal probe${startup ? ` and ${startup.source}` : ""})`,
    );
    say(
      sidecar.sidecarSet,
      `${copyName} → containers (before the app's): universal sidecar, regular copy; the sidecar where the native copy never restarts, else ${restartPolicy === "Always" ? "idle" : "exits 0"} (requests counted twice)`,
    );
  }

  for (const sidecar of ordered) {
    const container = containers.find((c) => c.name === sidecar.name);
    if (!container) continue;
    const lifecycle = (container.lifecycle ?? {}) as Fields;
    if (lifecycle.postStart !== undefined || lifecycle.preStop !== undefined) {
      out.errors.push({
        type: "Forbidden",
        path: `sidecarset/${sidecar.sidecarSet}: ${sidecar.name}.lifecycle`,
        detail:
          "ordered-legacy mode sets the sidecar's postStart and preStop; remove its own, or use another mode",
      });
      continue;
    }
    const ready = readinessConditions(container);
    const grace =
      typeof spec.terminationGracePeriodSeconds === "number"
        ? spec.terminationGracePeriodSeconds
        : defaultGracePeriodSeconds;
    const holdSeconds = Math.max(grace - stopMarginSeconds, 1);
    container.lifecycle = {
      ...lifecycle,
      ...(ready
        ? {
            postStart: {
              exec: {
                command: [
                  helperInPod,
                  "wait-ready",
                  "--name",
                  sidecar.name,
                  "--timeout",
                  `${ready.timeoutSeconds}s`,
                  ...ready.flags,
                ],
              },
            },
          }
        : {}),
      preStop: {
        exec: {
          command: [
            helperInPod,
            "hold-until-apps-exit",
            ...stateFlags(sidecar.name),
            "--apps",
            appList,
            "--timeout",
            `${holdSeconds}s`,
          ],
        },
      },
    };
    mountHelper(container);
    say(
      sidecar.sidecarSet,
      ready
        ? `${sidecar.name}: postStart waits until ${ready.source} passes (at most ${ready.timeoutSeconds}s), so the app starts after it`
        : `${sidecar.name}: no startup or readiness probe and no port: started means running, no postStart wait`,
    );
    say(
      sidecar.sidecarSet,
      `${sidecar.name}: preStop holds it until the app containers exited (at most ${holdSeconds}s of the ${grace}s grace period)`,
    );
  }
  if (out.errors.length > 0) return out;
  // The regular copies go before the app containers, after the sidecars already placed first.
  const firstApp = containers.findIndex((c) => !injectedNames.has(String(c.name)));
  const at = firstApp < 0 ? containers.length : firstApp;
  spec.containers = [...containers.slice(0, at), ...regularCopies, ...containers.slice(at)];
  addHelperToPod(spec, helper);
  return out;
}

function stateFlags(name: string): string[] {
  return ["--state", helperMountPath, "--name", name];
}

function setCommand(container: Fields, command: string[]): void {
  container.command = command;
  delete container.args;
}

/** Wraps each app container that has a command; the others cannot be (their entrypoint is unknown). */
function wrapApps(apps: Fields[]): { wrapped: string[]; unwrapped: string[] } {
  const wrapped: string[] = [];
  const unwrapped: string[] = [];
  for (const app of apps) {
    const name = String(app.name);
    if (isWrapped(app)) {
      wrapped.push(name);
      continue;
    }
    const command = wrappedCommand(app, ["app", ...stateFlags(name)]);
    if (!command) {
      unwrapped.push(name);
      continue;
    }
    setCommand(app, command);
    mountHelper(app);
    wrapped.push(name);
  }
  return { wrapped, unwrapped };
}

function noCommand(sidecar: ModedSidecar, mode: ArrangedMode): FieldError {
  return {
    type: "Required",
    path: `sidecarset/${sidecar.sidecarSet}: ${sidecar.name}.command`,
    detail: `${mode} mode wraps the sidecar's program in podvisor-sidecar: set command (and args); an image's entrypoint cannot be wrapped`,
  };
}
