/**
 * The two slots of a hot-upgrade sidecar (`<name>-1`, `<name>-2`) and which one works, as the pod
 * records it in `kruise.io/sidecarset-working-hotupgrade-container` (Kruise
 * pkg/control/sidecarcontrol/util_hotupgrade.go). The other slot is idle: it runs the empty image,
 * or, during a hot upgrade, the old version until the controller resets it.
 */
import type { Pod } from "../../api/index.js";
import { hotUpgradeSlotNames } from "./rollout-context.js";

export const workingHotUpgradeAnnotation = "kruise.io/sidecarset-working-hotupgrade-container";

export function versionAnnotation(slot: string): string {
  return `version.sidecarset.kruise.io/${slot}`;
}

export function versionAltAnnotation(slot: string): string {
  return `versionalt.sidecarset.kruise.io/${slot}`;
}

/** Sidecar name → working slot; an unreadable annotation reads as empty, as in Kruise. */
export function readWorkingSlots(pod: Pod): Record<string, string> {
  const text = pod.metadata.annotations?.[workingHotUpgradeAnnotation];
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const slots: Record<string, string> = {};
    for (const [name, slot] of Object.entries(parsed as Record<string, unknown>))
      if (typeof slot === "string") slots[name] = slot;
    return slots;
  } catch {
    return {};
  }
}

/** Go marshals the map with sorted keys. */
export function formatWorkingSlots(slots: Readonly<Record<string, string>>): string {
  const keys = Object.keys(slots).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(slots[k])}`).join(",")}}`;
}

/** Kruise `GetPodHotUpgradeContainers`: `-1` works only when the pod says so, else `-2`. */
export function podHotUpgradeSlots(sidecarName: string, pod: Pod): { working: string; idle: string } {
  const [slot1, slot2] = hotUpgradeSlotNames(sidecarName);
  return readWorkingSlots(pod)[sidecarName] === slot1
    ? { working: slot1, idle: slot2 }
    : { working: slot2, idle: slot1 };
}
