/**
 * A minimal HTTPS listener on the kubelet port that serves the node's `/metrics`
 * (metrics-endpoint.ts) until the full kubelet server (logs, exec, …) carries it. The API
 * server's node proxy (`/api/v1/nodes/<node>/proxy/metrics`) dials
 * `<InternalIP>:daemonEndpoints.kubeletEndpoint.Port` over TLS, as it dials a kubelet; with no
 * `--kubelet-certificate-authority` it does not verify the serving certificate.
 */
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { FeatureGates } from "../api/index.js";
import { createMetricsHandler } from "./metrics-endpoint.js";

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  cert: Buffer;
  key: Buffer;
  featureGates: FeatureGates;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer(
    { cert: options.cert, key: options.key },
    createMetricsHandler(options.featureGates),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
