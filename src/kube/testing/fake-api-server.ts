/**
 * A minimal stand-in for the API server's list and watch of one collection over plain HTTP,
 * for the unit tests of the HTTP adapter (kube-client.ts, kube-list-watcher.ts) only; every
 * cluster-facing test runs against a real kube-apiserver (test/cluster). It answers a list with
 * the objects and a resourceVersion, and a watch with whatever lines the test pushes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Fields } from "../../api/index.js";

export interface FakeApiServer {
  url: string;
  requests: string[];
  /** Sends one watch event line to every open watch. */
  push(event: { type: string; object: Fields }): void;
  /** Ends every open watch, as the server does when timeoutSeconds runs out. */
  endWatches(): void;
  /** Breaks every open watch's connection, as a dying API server does. */
  resetWatches(): void;
  waitForWatch(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeApiServer(collection: {
  items: Fields[];
  resourceVersion: string;
}): Promise<FakeApiServer> {
  const requests: string[] = [];
  const watches = new Set<ServerResponse>();
  let watchWaiters: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? "");
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/version") {
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ gitVersion: "v1.36.3" }));
    } else if (url.searchParams.get("watch") === "1") {
      res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
      res.flushHeaders();
      watches.add(res);
      res.on("close", () => watches.delete(res));
      for (const wake of watchWaiters) wake();
      watchWaiters = [];
    } else {
      res.writeHead(200, { "Content-Type": "application/json" }).end(
        JSON.stringify({
          apiVersion: "v1",
          kind: "NamespaceList",
          metadata: { resourceVersion: collection.resourceVersion },
          items: collection.items,
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    push: (event) => {
      for (const res of watches) res.write(`${JSON.stringify(event)}\n`);
    },
    endWatches: () => {
      for (const res of watches) res.end();
    },
    resetWatches: () => {
      for (const res of watches) res.socket?.destroy();
    },
    waitForWatch: () =>
      watches.size > 0 ? Promise.resolve() : new Promise<void>((resolve) => watchWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of watches) res.destroy();
        server.close(() => resolve());
      }),
  };
}
