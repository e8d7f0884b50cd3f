import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackKubeClient } from "./testing/loopback-kube-client.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An API server on loopback answering `{}`; `onRequest` sees each request's socket first. */
async function startServer(onRequest: (socket: Socket, nth: number) => "answer" | "drop"): Promise<string> {
  const served = new Map<Socket, number>();
  server = createServer((req, res) => {
    const nth = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, nth);
    if (onRequest(req.socket, nth) === "drop") return void req.socket.destroy();
    res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the API client's connections", () => {
  it("sends consecutive requests over one kept-alive connection, as client-go reuses its connection", async () => {
    const sockets = new Set<Socket>();
    const client = await loopbackKubeClient(
      await startServer((socket) => {
        sockets.add(socket);
        return "answer";
      }),
    );
    for (let i = 0; i < 5; i++) await client.requestJson("PATCH", `/api/v1/namespaces/a/pods/p${i}`, []);
    expect(sockets.size).toBe(1);
  });

  it("sends a request again on a fresh connection when the server closed the reused one before answering", async () => {
    const sockets = new Set<Socket>();
    const client = await loopbackKubeClient(
      await startServer((socket, nth) => {
        sockets.add(socket);
        return nth === 2 ? "drop" : "answer";
      }),
    );
    await client.requestJson("GET", "/api/v1/namespaces/a");
    await expect(client.requestJson("GET", "/api/v1/namespaces/b")).resolves.toEqual({});
    expect(sockets.size).toBe(2);
  });
});
