/**
 * One server-sent event stream (text/event-stream) to a browser's EventSource. `send` waits
 * while the socket's buffer is full, so a slow page holds the reader back instead of the server
 * queueing without bound. The stream's `signal` aborts when the page goes away or the server stops.
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface EventStream {
  send(event: string, data: unknown): Promise<void>;
  signal: AbortSignal;
}

/** A stream the server ends itself once it has said everything. */
export interface ClosableEventStream extends EventStream {
  close(): void;
}

export function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  serverSignal: AbortSignal,
): ClosableEventStream {
  const abort = new AbortController();
  const stop = () => abort.abort();
  serverSignal.addEventListener("abort", stop, { once: true });
  request.on("close", stop);
  response.on("close", stop);
  abort.signal.addEventListener("abort", () => {
    serverSignal.removeEventListener("abort", stop);
    response.end();
  });
  // A pod page follows all its containers over this one response, each waiting for "drain".
  response.setMaxListeners(0);
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
  });
  // Tells EventSource how long to wait before it reconnects after the stream ends unexpectedly.
  response.write("retry: 1000\n\n");
  return {
    signal: abort.signal,
    close: stop,
    async send(event, data) {
      if (abort.signal.aborted) return;
      // JSON has no raw newlines, so one data line carries the whole payload.
      if (!response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)) {
        await once(response, "drain", { signal: abort.signal }).catch(() => {});
      }
    },
  };
}
