import type { Clock } from "../../shared/index.js";
import type { LogSink } from "../port.js";
import { createLineSplitter } from "../process/log-line-splitter.js";
import { createDemuxer } from "./demux-stream.js";
import type { EngineClient } from "./engine-client.js";

export interface AttachedOutput {
  /** Resolves when the stream has ended (the container exited) and every line went to the sink. */
  readonly done: Promise<void>;
  /** Drops the connection (a container that never started). */
  detach(): void;
}

/**
 * Attaches to a created container's stdout and stderr BEFORE it starts, so nothing it writes is
 * missed, and splits the multiplexed stream into LogLines. Attach rather than `logs?follow`:
 * Podman 4.3's log follow ends at the container's exit before it has read the log file to its end
 * (a 1.3 MB burst lost ~2%), while the attach stream is drained by conmon before it closes.
 */
export async function attachOutput(
  client: EngineClient,
  clock: Clock,
  containerId: string,
  onLog: LogSink,
): Promise<AttachedOutput> {
  const stream = await client.upgrade({
    method: "POST",
    path: `/containers/${containerId}/attach`,
    query: { stream: true, stdout: true, stderr: true, logs: false },
  });
  const splitters = {
    stdout: createLineSplitter("stdout", clock, onLog),
    stderr: createLineSplitter("stderr", clock, onLog),
  };
  const demuxer = createDemuxer((name, payload) => splitters[name].push(payload));
  const done = (async () => {
    try {
      for await (const chunk of stream) demuxer.push(chunk);
    } catch {
      // The connection dropped (engine restarted, container removed): what arrived is what there is.
    } finally {
      splitters.stdout.end();
      splitters.stderr.end();
    }
  })();
  return { done, detach: () => stream.destroy() };
}
