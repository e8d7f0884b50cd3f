import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { isRequestTimeout, KubeApiError } from "./kube-api-error.js";
import type { WatchEvent } from "./list-watcher.js";
import { loopbackKubeClient } from "./testing/loopback-kube-client.js";

/** A loopback server that hands each request to `answer`, which may never answer it. */
interface SilentServer {
  url: string;
  /** Resolves with the next request the server receives. */
  nextRequest(): Promise<{ req: IncomingMessage; res: ServerResponse }>;
  close(): Promise<void>;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function startSilentServer(): Promise<SilentServer> {
  let waiters: ((request: { req: IncomingMessage; res: ServerResponse }) => void)[] = [];
  const pending: { req: IncomingMessage; res: ServerResponse }[] = [];
  server = createServer((req, res) => {
    const waiter = waiters.shift();
    if (waiter) waiter({ req, res });
    else pending.push({ req, res });
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
    nextRequest: () => {
      const queued = pending.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => {
        waiters = [...waiters, resolve];
      });
    },
    close: () => new Promise((resolve) => listening.close(() => resolve())),
  };
}

const timeoutMs = 5_000;

describe("KubeClient request timeouts", () => {
  it("a request the API server accepts and never answers rejects after the request timeout, naming it", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const request = client.requestJson("GET", "/api/v1/nodes/n").catch((e: unknown) => e);
    await silent.nextRequest();
    await clock.advance(timeoutMs - 1);
    await clock.advance(1);
    const error = await request;
    expect(error).toBeInstanceOf(KubeApiError);
    expect(isRequestTimeout(error)).toBe(true);
    expect((error as KubeApiError).statusCode).toBe(0);
    expect((error as Error).message).toBe(
      "GET /api/v1/nodes/n: the API server did not answer within 5 s (request timeout); retried with back-off",
    );
  });

  it("an answer whose body never ends is cut by the same deadline", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const request = client.requestJson("PATCH", "/api/v1/pods/p/status", {}).catch((e: unknown) => e);
    const { res } = await silent.nextRequest();
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write('{"kind":');
    await clock.advance(timeoutMs);
    expect(isRequestTimeout(await request)).toBe(true);
  });

  it("a request answered in time is not affected, and its deadline is gone with it", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const request = client.requestJson("GET", "/version");
    const { res } = await silent.nextRequest();
    res.writeHead(200, { "Content-Type": "application/json" }).end('{"gitVersion":"v1.36.3"}');
    await expect(request).resolves.toEqual({ gitVersion: "v1.36.3" });
    expect(clock.pendingSleeps).toBe(0);
  });

  it("the caller's own abort is not reported as a timeout", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const controller = new AbortController();
    const request = client
      .requestJson("GET", "/api/v1/pods", undefined, controller.signal)
      .catch((e: unknown) => e);
    await silent.nextRequest();
    controller.abort();
    const error = await request;
    expect(isRequestTimeout(error)).toBe(false);
  });

  it("a watch whose answer never begins rejects after the request timeout", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const watching = client
      .watch("/api/v1/pods?watch=1&timeoutSeconds=300", () => {}, new AbortController().signal)
      .catch((e: unknown) => e);
    await silent.nextRequest();
    await clock.advance(timeoutMs);
    expect(isRequestTimeout(await watching)).toBe(true);
  });

  it("an open watch outlives the request timeout, and one silent beyond its timeoutSeconds plus the request timeout is a dead connection", async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const client = await loopbackKubeClient(silent.url, { clock, requestTimeoutMs: timeoutMs });
    const events: WatchEvent[] = [];
    let delivered: () => void = () => {};
    const watching = client
      .watch(
        "/api/v1/pods?watch=1&timeoutSeconds=60",
        (event) => {
          events.push(event);
          delivered();
        },
        new AbortController().signal,
      )
      .then(
        () => "ended",
        (e: unknown) => e,
      );
    const { res } = await silent.nextRequest();
    res.writeHead(200, { "Content-Type": "application/json" });
    const push = (name: string) =>
      new Promise<void>((resolve) => {
        delivered = resolve;
        res.write(`${JSON.stringify({ type: "ADDED", object: { metadata: { name } } })}\n`);
      });
    await push("a");
    await clock.advance(60_000);
    await push("b"); // data resets the silence
    await clock.advance(60_000 + timeoutMs - 1);
    await push("c");
    await clock.advance(60_000 + timeoutMs);
    const error = await watching;
    expect(events.map((e) => (e.object.metadata as { name: string }).name)).toEqual(["a", "b", "c"]);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).statusCode).toBe(0);
    expect((error as Error).message).toContain("nothing received for 65 s");
  });
});
