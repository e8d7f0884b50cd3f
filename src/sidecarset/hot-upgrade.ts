/**
 * Hot upgrade at injection, as Kruise's pod webhook does it (pkg/webhook/pod/mutating/
 * sidecarset_hotupgrade.go, pkg/control/sidecarcontrol/util_hotupgrade.go): a sidecar with
 * `upgradeStrategy.upgradeType: HotUpgrade` goes in twice, `<name>-1` with its image (the working
 * slot) and `<name>-2` with `hotUpgradeEmptyImage` (the idle one), each with the env
 * `SIDECARSET_VERSION` and `SIDECARSET_VERSION_ALT` read from its version annotations. The pod
 * records which slot works (`kruise.io/sidecarset-working-hotupgrade-container`) and each slot's
 * version (`version.sidecarset.kruise.io/<slot>`: "1" working, "0" empty) and the other's
 * (`versionalt.sidecarset.kruise.io/<slot>`). Swapping the slots later is the rollout's business.
 */
import type { Fields } from "../api/index.js";
import { listOf, type BuiltSidecar } from "./build-sidecar-container.js";

export const sidecarSetVersionEnv = "SIDECARSET_VERSION";
export const sidecarSetVersionAltEnv = "SIDECARSET_VERSION_ALT";

export function versionAnnotation(slot: string): string {
  return `version.sidecarset.kruise.io/${slot}`;
}

export function versionAltAnnotation(slot: string): string {
  return `versionalt.sidecarset.kruise.io/${slot}`;
}

export interface HotUpgradeSlots {
  slots: [BuiltSidecar, BuiltSidecar];
  /** The version annotations of both slots. */
  annotations: Record<string, string>;
}

/** Kruise `injectHotUpgradeContainers`: the two slots of a hot-upgrade sidecar. */
export function hotUpgradeSlots(sidecar: BuiltSidecar, emptyImage: string): HotUpgradeSlots {
  const [working, idle] = [`${sidecar.name}-1`, `${sidecar.name}-2`];
  const slot = (name: string, image: unknown): BuiltSidecar => {
    const container: Fields = { ...structuredClone(sidecar.container), name, image };
    container.env = [...listOf(container.env), ...versionEnv(name)];
    const { hotUpgradeEmptyImage: _, ...rest } = sidecar;
    return { ...rest, container, name };
  };
  return {
    slots: [slot(working, sidecar.container.image), slot(idle, emptyImage)],
    annotations: {
      [versionAnnotation(working)]: "1",
      [versionAltAnnotation(working)]: "0",
      [versionAnnotation(idle)]: "0",
      [versionAltAnnotation(idle)]: "1",
    },
  };
}

/** Kruise `setSidecarContainerVersionEnv`. */
function versionEnv(slot: string): Fields[] {
  return [
    {
      name: sidecarSetVersionEnv,
      valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${versionAnnotation(slot)}']` } },
    },
    {
      name: sidecarSetVersionAltEnv,
      valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${versionAltAnnotation(slot)}']` } },
    },
  ];
}

/**
 * The pod's working-slot map (Kruise `GetPodHotUpgradeInfoInAnnotations`): an unreadable one is
 * read as empty, as Kruise does, and then rewritten.
 */
export function parseWorkingSlots(text: string | undefined): Map<string, string> {
  const slots = new Map<string, string>();
  if (!text) return slots;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return new Map();
    for (const [name, slot] of Object.entries(parsed)) {
      if (typeof slot !== "string") return new Map();
      slots.set(name, slot);
    }
  } catch {
    return new Map();
  }
  return slots;
}
