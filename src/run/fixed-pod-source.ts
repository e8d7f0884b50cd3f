/**
 * `podvisor run`'s pod source: the pods of its input, each delivered once when the run starts.
 * Nothing changes them afterwards; the run ends them by deleting every worker (Ctrl-C, --timeout).
 */
import type { Pod } from "../api/index.js";
import type { PodSource } from "../agent/index.js";

export function createFixedPodSource(pods: readonly Pod[]): PodSource {
  return {
    watch(handler) {
      for (const pod of pods) handler.added(pod);
      return () => undefined;
    },
  };
}
