/**
 * What one SidecarSet brings to a new pod (the loop body of Kruise's `buildSidecars`,
 * pkg/webhook/pod/mutating/sidecarset.go): every init container and container built against the
 * pod, in declared order; a hot-upgrade sidecar (a container, or a native-sidecar init container)
 * as its two slots; the SidecarSet volumes their mounts and devices name, in that order; its
 * imagePullSecrets; and the names its revision record lists (containers and native sidecars).
 * podvisor's native/legacy mode decides which list each sidecar goes into. A sidecar with a
 * `resourcesPolicy` gets its resources computed from the pod's containers first, so both slots of
 * a hot-upgrade sidecar carry them; a policy that fails fails the pod's admission.
 */
import { isRecord, type FieldError, type Fields, type SidecarSet } from "../api/index.js";
import { buildSidecarContainer, listOf, type BuiltSidecar } from "./build-sidecar-container.js";
import { hotUpgradeSlots } from "./hot-upgrade.js";
import type { Placed } from "./merge-sidecars.js";
import type { SidecarModeDecision } from "./sidecar-mode.js";
import { computeSidecarResources } from "./sidecar-resources-policy.js";

export interface InjectedSidecar {
  name: string;
  list: "containers" | "initContainers";
  /** An init container with `restartPolicy: Always`. */
  native: boolean;
}

export interface SidecarSetSidecars {
  placed: Placed[];
  volumes: Fields[];
  pullSecrets: Fields[];
  /** Its containers and native sidecars, sorted, by declared name (the revision record's list). */
  sidecarList: string[];
  /** The version annotations of its hot-upgrade slots. */
  hotUpgradeAnnotations: Record<string, string>;
  /** Each hot-upgrade sidecar's declared name and its working slot. */
  workingSlots: [string, string][];
  /** "log-agent → initContainers (after the app's): native sidecar", for `--explain`. */
  placements: string[];
  sidecars: InjectedSidecar[];
  /** A resourcesPolicy that cannot be applied to this pod (Kruise rejects the pod). */
  errors: FieldError[];
}

export function buildSidecarSetSidecars(
  sidecarSet: SidecarSet,
  pod: Fields,
  mode: SidecarModeDecision,
  /** Every container and init container name of the SidecarSets injecting into the pod. */
  sidecarNames: ReadonlySet<string> = new Set(),
): SidecarSetSidecars {
  const name = sidecarSet.metadata.name ?? "";
  const spec = sidecarSet.spec as unknown as Fields;
  const volumesByName = new Map(listOf(spec.volumes).map((v) => [v.name, v]));
  const out: SidecarSetSidecars = {
    placed: [],
    volumes: [],
    pullSecrets: listOf(spec.imagePullSecrets).map((s) => structuredClone(s)),
    sidecarList: [],
    hotUpgradeAnnotations: {},
    workingSlots: [],
    placements: [],
    sidecars: [],
    errors: [],
  };
  const sidecarList = new Set<string>();
  const add = (declared: Fields, fromInit: boolean, path: string) => {
    if (isRecord(declared.resourcesPolicy)) {
      const computed = computeSidecarResources(declared.resourcesPolicy, pod, sidecarNames);
      if (!computed.ok) {
        // Named like the conflict errors: the SidecarSet, then its field.
        const field = computed.field === undefined ? "" : `.${computed.field}`;
        out.errors.push({
          type: "Invalid",
          path: `sidecarset/${name}: ${path}.resourcesPolicy${field}`,
          ...(computed.value === undefined ? {} : { value: computed.value }),
          detail: computed.message,
        });
        return;
      }
      declared = { ...declared, resources: computed.resources };
    }
    const sidecar = buildSidecarContainer(declared, pod);
    const declaredNative = sidecar.container.restartPolicy === "Always";
    if (!fromInit || declaredNative) sidecarList.add(sidecar.name);
    // Kruise warns about a volume name the SidecarSet lacks and goes on; the pod then fails validation.
    for (const volume of sidecar.volumeNames) {
      const definition = volumesByName.get(volume);
      if (definition) out.volumes.push(structuredClone(definition));
    }
    const { list, before, note } = placementOf(sidecar, fromInit, mode);
    const hot = sidecar.hotUpgradeEmptyImage !== undefined && (!fromInit || declaredNative);
    const slots = hot ? hotUpgradeSlots(sidecar, sidecar.hotUpgradeEmptyImage ?? "") : undefined;
    if (slots) {
      Object.assign(out.hotUpgradeAnnotations, slots.annotations);
      out.workingSlots.push([sidecar.name, slots.slots[0].name]);
    }
    for (const [i, item] of (slots?.slots ?? [sidecar]).entries()) {
      out.placed.push({ sidecar: item, list, before, sidecarSet: name, fromInit });
      out.sidecars.push({
        name: item.name,
        list,
        native: list === "initContainers" && item.container.restartPolicy === "Always",
      });
      const slot = slots
        ? i === 0
          ? ", hot upgrade: working slot"
          : ", hot upgrade: idle slot (hotUpgradeEmptyImage)"
        : "";
      out.placements.push(
        `${item.name} → ${list}${before ? " (before the app's)" : " (after the app's)"}: ${note}${slot}`,
      );
    }
  };
  for (const [i, container] of listOf(spec.initContainers).entries())
    add(container, true, `spec.initContainers[${i}]`);
  for (const [i, container] of listOf(spec.containers).entries())
    add(container, false, `spec.containers[${i}]`);
  out.sidecarList = [...sidecarList].sort();
  return out;
}

/** The list a sidecar goes into under the mode, and where in it; mutates its restartPolicy to fit. */
function placementOf(
  sidecar: BuiltSidecar,
  fromInit: boolean,
  mode: SidecarModeDecision,
): { list: Placed["list"]; before: boolean; note: string } {
  const native = sidecar.container.restartPolicy === "Always";
  // universal: the native copy goes where a native sidecar goes (arrange-sidecar-modes.ts adds the
  // regular copy); ordered-legacy: a regular container before every app container.
  if (mode.mode === "universal" && (!fromInit || native)) {
    sidecar.container.restartPolicy = "Always";
    return {
      list: "initContainers",
      before: sidecar.podInjectPolicy === "BeforeAppContainer",
      note: "universal sidecar, native copy",
    };
  }
  if (mode.mode === "ordered-legacy" && (!fromInit || native)) {
    delete sidecar.container.restartPolicy;
    return { list: "containers", before: true, note: "ordered-legacy sidecar, first" };
  }
  if (mode.mode === "native" && !fromInit) {
    sidecar.container.restartPolicy = "Always";
    return {
      list: "initContainers",
      before: sidecar.podInjectPolicy === "BeforeAppContainer",
      note: "native sidecar, from containers",
    };
  }
  if (mode.mode === "legacy" && fromInit && native) {
    delete sidecar.container.restartPolicy;
    return { list: "containers", before: true, note: "legacy sidecar, from initContainers" };
  }
  return {
    list: fromInit ? "initContainers" : "containers",
    before: sidecar.podInjectPolicy === "BeforeAppContainer",
    note: fromInit ? (native ? "native sidecar" : "init container") : "sidecar container",
  };
}
