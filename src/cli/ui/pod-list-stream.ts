/**
 * The pod table's live feed: a snapshot of the shown run's pods whenever one changes (fs.watch
 * on the run's pods/, which the run replaces atomically), and at least every `pollMs` so that
 * AGE moves on, a run's end shows, and filesystems without fs.watch still update. Identical
 * snapshots are not sent again; `minIntervalMs` bounds how often a busy run is re-read.
 */
import type { Clock } from "../../shared/index.js";
import { StateError } from "../../shared/index.js";
import { waitForChange } from "../../store/index.js";
import { podListSnapshot, type PodListSnapshot } from "./pod-list-snapshot.js";
import type { EventStream } from "./server-sent-events.js";
import type { UiRunSource } from "./ui-run-source.js";

export interface PodListStreamOptions {
  pollMs: number;
  minIntervalMs: number;
}

export async function streamPodList(
  source: UiRunSource,
  stream: EventStream,
  clock: Clock,
  options: PodListStreamOptions,
): Promise<void> {
  let sent = "";
  while (!stream.signal.aborted) {
    const lookup = source.lookUp();
    const snapshot = takeSnapshot(source, lookup, clock.now());
    const text = JSON.stringify(snapshot);
    if (text !== sent) {
      await stream.send("pods", snapshot);
      sent = text;
    }
    await waitForChange(source.watchedDir(lookup), clock, options.pollMs, stream.signal);
    await clock.sleep(options.minIntervalMs, stream.signal).catch(() => {});
  }
}

function takeSnapshot(
  source: UiRunSource,
  lookup: ReturnType<UiRunSource["lookUp"]>,
  now: number,
): PodListSnapshot {
  if (lookup.run === undefined) return { ...podListSnapshot(undefined, [], now), message: lookup.message };
  const run = { id: lookup.run.id, live: lookup.live };
  try {
    return podListSnapshot(run, source.pods(lookup.run), now);
  } catch (error) {
    // A corrupt pod file: say so on the page, and look again at the next change.
    if (error instanceof StateError) return { ...podListSnapshot(run, [], now), message: error.message };
    throw error;
  }
}
