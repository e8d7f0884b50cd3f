/**
 * The pods of one namespace as a watch keeps them (watchPods): a test waits for the set to reach
 * a state (`until`), re-checked at every event the API server sends, never by sampling; the
 * pods the API deleted are kept aside for checks after the fact. Bounded: `until` gives up after
 * its timeout, naming what it waited for and what it saw last.
 */
import type { ControlPlaneConnection } from "./cluster-client.js";
import { watchPods } from "./pod-watch.js";

export interface PodSet<P> {
  /** Resolves with `check`'s value once it returns one (checked now and after every event). */
  until<T>(describe: string, check: (pods: P[]) => T | undefined, timeoutMs?: number): Promise<T>;
  /** Pods the API deleted since the watch started, in the order it said so. */
  deleted(): P[];
  stop(): void;
}

interface NamedPod {
  metadata: { name: string };
}

export function watchPodSet<P extends NamedPod>(
  connection: ControlPlaneConnection,
  namespace: string,
): PodSet<P> {
  const pods = new Map<string, P>();
  const deleted: P[] = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  void watchPods<P>(
    connection,
    namespace,
    (event) => {
      if (event.type === "DELETED") {
        pods.delete(event.object.metadata.name);
        deleted.push(event.object);
      } else pods.set(event.object.metadata.name, event.object);
      for (const waiter of waiters) waiter();
    },
    controller.signal,
  );
  return {
    until(describe, check, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(test);
          const seen = [...pods.values()].map((pod) => JSON.stringify(pod).slice(0, 600)).join("\n");
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe}; pods:\n${seen}`));
        }, timeoutMs);
        const test = () => {
          const value = check([...pods.values()]);
          if (value === undefined) return;
          clearTimeout(timer);
          waiters.delete(test);
          resolve(value);
        };
        waiters.add(test);
        test();
      });
    },
    deleted: () => [...deleted],
    stop: () => controller.abort(),
  };
}
