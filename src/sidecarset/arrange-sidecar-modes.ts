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
import { arrangeOrderedLegacySidecar } from "./ordered-legacy-sidecar.js";
import {
  addHelperToPod,
  isWrapped,
  mountHelper,
  podRestartPolicy,
  setCommand,
  stateFlags,
  wrappedCommand,
  type SidecarHelperSource,
} from "./sidecar-helper.js";
import { arrangeUniversalSidecar, type SidecarRef } from "./universal-sidecar.js";

export type ArrangedMode = "universal" | "ordered-legacy";

export interface ModedSidecar extends SidecarRef {
  mode: ArrangedMode;
}

export interface ArrangedSidecars {
  errors: FieldError[];
  /** The regular copies of universal sidecars, per SidecarSet. */
  regularCopies: Map<string, string[]>;
  /** More `--explain` lines, per SidecarSet. */
  placements: Map<string, string[]>;
}

export function arrangeSidecarModes(
  spec: Fields,
  sidecars: readonly ModedSidecar[],
  /** Every container the SidecarSets injected (so the rest are the app's). */
  injectedNames: ReadonlySet<string>,
  helper: SidecarHelperSource,
): ArrangedSidecars {
  const out: ArrangedSidecars = { errors: [], regularCopies: new Map(), placements: new Map() };
  if (sidecars.length === 0) return out;
  const add = (map: Map<string, string[]>, set: string, ...items: string[]) =>
    map.set(set, [...(map.get(set) ?? []), ...items]);
  const restartPolicy = podRestartPolicy(spec);
  const universal = sidecars.filter((s) => s.mode === "universal");
  const ordered = sidecars.filter((s) => s.mode === "ordered-legacy");
  const containers = listOf(spec.containers);
  const initContainers = listOf(spec.initContainers);
  const apps = containers.filter((c) => !injectedNames.has(String(c.name)));
  const mustWatchApps = ordered.length > 0 || (universal.length > 0 && restartPolicy !== "Always");
  const watched = mustWatchApps ? wrapApps(apps) : { wrapped: [], unwrapped: [] };
  const appList = watched.wrapped.join(",");
  for (const set of new Set(sidecars.map((s) => s.sidecarSet))) {
    if (watched.wrapped.length > 0)
      add(
        out.placements,
        set,
        `app containers wrapped by podvisor-sidecar app (it sees them exit): ${watched.wrapped.join(", ")}`,
      );
    if (watched.unwrapped.length > 0)
      add(
        out.placements,
        set,
        `not wrapped, no command (their exit is not seen): ${watched.unwrapped.join(", ")}`,
      );
  }

  const containerNames = new Set([...containers, ...initContainers].map((c) => String(c.name)));
  const regularCopies: Fields[] = [];
  for (const sidecar of universal) {
    const native = initContainers.find((c) => c.name === sidecar.name);
    if (!native) continue;
    const result = arrangeUniversalSidecar(native, sidecar, { restartPolicy, appList, containerNames });
    if ("error" in result) {
      out.errors.push(result.error);
      continue;
    }
    regularCopies.push(result.regular);
    add(out.regularCopies, sidecar.sidecarSet, String(result.regular.name));
    add(out.placements, sidecar.sidecarSet, ...result.notes);
  }
  for (const sidecar of ordered) {
    const container = containers.find((c) => c.name === sidecar.name);
    if (!container) continue;
    const terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds;
    const result = arrangeOrderedLegacySidecar(container, sidecar, {
      appList,
      terminationGracePeriodSeconds,
    });
    if ("error" in result) out.errors.push(result.error);
    else add(out.placements, sidecar.sidecarSet, ...result.notes);
  }
  if (out.errors.length > 0) return out;
  // The regular copies go before the app containers, after the sidecars already placed first.
  const firstApp = containers.findIndex((c) => !injectedNames.has(String(c.name)));
  const at = firstApp < 0 ? containers.length : firstApp;
  spec.containers = [...containers.slice(0, at), ...regularCopies, ...containers.slice(at)];
  addHelperToPod(spec, helper);
  return out;
}

/** Wraps each app container that has a command; the others cannot be (their entrypoint is unknown). */
function wrapApps(apps: Fields[]): { wrapped: string[]; unwrapped: string[] } {
  const wrapped: string[] = [];
  const unwrapped: string[] = [];
  for (const app of apps) {
    const name = String(app.name);
    const command = isWrapped(app) ? undefined : wrappedCommand(app, ["app", ...stateFlags(name)]);
    if (command) {
      setCommand(app, command);
      mountHelper(app);
    }
    (command || isWrapped(app) ? wrapped : unwrapped).push(name);
  }
  return { wrapped, unwrapped };
}
