/**
 * The controller's plain-HTTP endpoint: GET /metrics (Prometheus text 0.0.4) and /healthz, as
 * kruise-manager serves them on its `--metrics-addr`. Nothing else is answered.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningMetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  host: string,
  port: number,
  render: () => string,
): Promise<RunningMetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/metrics") {
      response.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
      response.end(render());
    } else if (request.method === "GET" && path === "/healthz") {
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.end("ok");
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found: try /metrics or /healthz\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
