/**
 * The two slots of a hot-upgrade sidecar (`<name>-1`, `<name>-2`) and which one works, as the pod
 * records it in `kruise.io/sidecarset-working-hotupgrade-container` (Kruise
 * pkg/control/sidecarcontrol/util_hotupgrade.go). The other slot is idle: it runs the empty image,
 * or, during a hot upgrade, the old version until the controller resets it.
 */
import { kruiseAnnotations, type Pod } from "../../api/index.js";
import { parseWorkingSlots } from "../../sidecarset/index.js";
import { hotUpgradeSlotNames } from "./rollout-context.js";

export { versionAltAnnotation, versionAnnotation } from "../../sidecarset/index.js";

export const workingHotUpgradeAnnotation = kruiseAnnotations.workingHotUpgradeContainer;

/** Sidecar name → working slot, read as injection reads it (an unreadable map reads as empty). */
export function readWorkingSlots(pod: Pod): Record<string, string> {
  return Object.fromEntries(parseWorkingSlots(pod.metadata.annotations?.[workingHotUpgradeAnnotation]));
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
