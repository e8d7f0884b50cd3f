/**
 * Which of a pod's containers a backend may prepare ahead of their turn (runtime port
 * `prepareContainer`; docs/container-backend.md, "Containers prepared ahead of their turn"): the
 * first instances still to come, in the order the engine starts them (init containers and
 * sidecars in spec order, then the regular containers). Left out, so their turn stays as the
 * kubelet's: a container whose image is pulled at its turn (`imagePullPolicy: Always`: its
 * Pulling/Pulled events belong there) and one with a `subPath`/`subPathExpr` mount (its directory
 * is made at the turn). Nothing once the pod terminates, nor before its sandbox exists.
 */
import { defaultPullPolicy, type Container, type Pod } from "../api/index.js";
import { listContainerSpecs } from "./container-specs.js";
import type { PodRuntimeState } from "./pod-state.js";

/** `queued`: starts already handed to the executor; their turn has come, so they are not prepared. */
export function containersToPrepare(
  pod: Pod,
  state: PodRuntimeState,
  queued: ReadonlySet<string> = new Set(),
): string[] {
  if (state.sandboxReadyAtMs === undefined) return [];
  return listContainerSpecs(pod)
    .filter((entry) => isStillToPrepare(state, queued, entry.name) && canBePreparedAhead(entry.spec))
    .map((entry) => entry.name);
}

/** The container has had no instance and no start yet, and the pod is not terminating. */
export function isStillToPrepare(state: PodRuntimeState, queued: ReadonlySet<string>, name: string): boolean {
  const record = state.containers[name];
  return (
    state.termination === undefined &&
    !queued.has(name) &&
    record !== undefined &&
    record.restartCount === 0 &&
    record.state.kind === "notCreated"
  );
}

function canBePreparedAhead(container: Container): boolean {
  const policy = container.imagePullPolicy ?? defaultPullPolicy(container.image ?? "");
  const hasSubPath = (container.volumeMounts ?? []).some(
    (mount) => (mount.subPath ?? "") !== "" || (mount.subPathExpr ?? "") !== "",
  );
  return policy !== "Always" && !hasSubPath;
}
