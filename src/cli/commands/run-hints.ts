/**
 * `podvisor run` explains pitfalls as they happen: after each event and status change of a pod it
 * asks status/pitfalls.ts for hints and prints each new one once, as `Hint: pod/NAME: …` on
 * stderr beside the events and the `get pods -w` rows.
 */
import type { Pod } from "../../api/index.js";
import type { PodvisorEvent } from "../../shared/index.js";
import { explainPitfalls } from "../../status/index.js";

/** The events a hint can need reach back one instance; a crash-looping pod's are bounded by this. */
const MAX_EVENTS_PER_POD = 500;

export interface RunHints {
  onEvent(event: PodvisorEvent): void;
  onPodStatus(pod: Pod): void;
}

export function createRunHints(writeLine: (line: string) => void, now: () => number): RunHints {
  const events = new Map<string, PodvisorEvent[]>();
  const pods = new Map<string, Pod>();
  const shown = new Set<string>();
  const explain = (podKey: string) => {
    const pod = pods.get(podKey);
    if (!pod) return;
    for (const hint of explainPitfalls(pod, events.get(podKey) ?? [], now())) {
      const key = `${podKey}/${hint.key}`;
      if (shown.has(key)) continue;
      shown.add(key);
      writeLine(`Hint: pod/${pod.metadata.name ?? ""}: ${hint.message}`);
    }
  };
  return {
    onEvent(event) {
      if (event.involvedObject.kind !== "Pod") return;
      const podKey = `${event.involvedObject.namespace}/${event.involvedObject.name}`;
      const list = events.get(podKey) ?? [];
      list.push(event);
      if (list.length > MAX_EVENTS_PER_POD) list.shift();
      events.set(podKey, list);
      explain(podKey);
    },
    onPodStatus(pod) {
      const podKey = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}`;
      pods.set(podKey, pod);
      explain(podKey);
    },
  };
}
