/**
 * A watch of the pods of one namespace (or of any collection) straight from the API server (the
 * admin's client certificate), every event handed over as it arrives — for a test node and for
 * invariants that must hold at every update, not at sampled instants. Reopened when the server ends it, a
 * bounded number of times; stops when `signal` aborts.
 */
import { readFileSync } from "node:fs";
import { request, type RequestOptions } from "node:https";
import { createInterface } from "node:readline";
import type { ControlPlaneConnection } from "./cluster-client.js";

export interface WatchedPodEvent<P> {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: P;
}

export function apiRequestOptions(
  connection: ControlPlaneConnection,
  method: string,
  path: string,
  signal: AbortSignal,
  contentType?: string,
): RequestOptions {
  const url = new URL(connection.server + path);
  return {
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method,
    ca: readFileSync(connection.caCertPath),
    cert: readFileSync(connection.clientCertPath),
    key: readFileSync(connection.clientKeyPath),
    signal,
    agent: false,
    headers: contentType ? { "Content-Type": contentType } : {},
  };
}

export function watchPods<P>(
  connection: ControlPlaneConnection,
  namespace: string,
  onEvent: (event: WatchedPodEvent<P>) => void,
  signal: AbortSignal,
): Promise<void> {
  return watchObjects(connection, `/api/v1/namespaces/${namespace}/pods`, "", onEvent, signal);
}

/** The same for any collection: `collectionPath` and an optional `fieldSelector`. */
export async function watchObjects<P>(
  connection: ControlPlaneConnection,
  collectionPath: string,
  fieldSelector: string,
  onEvent: (event: WatchedPodEvent<P>) => void,
  signal: AbortSignal,
): Promise<void> {
  let resourceVersion = "";
  for (let attempt = 0; attempt < 100 && !signal.aborted; attempt++) {
    const selector = fieldSelector ? `&fieldSelector=${encodeURIComponent(fieldSelector)}` : "";
    const query = `watch=1&timeoutSeconds=300${selector}${resourceVersion ? `&resourceVersion=${resourceVersion}` : ""}`;
    const path = `${collectionPath}?${query}`;
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(apiRequestOptions(connection, "GET", path, signal), (res) => {
          const lines = createInterface({ input: res });
          lines.on("line", (line) => {
            const event = JSON.parse(line) as {
              type: string;
              object: { metadata: { resourceVersion: string } };
            };
            if (event.type === "BOOKMARK" || event.type === "ERROR") return;
            resourceVersion = event.object.metadata.resourceVersion;
            onEvent(event as unknown as WatchedPodEvent<P>);
          });
          lines.on("close", resolve);
          // readline re-emits the response's errors (an aborted watch ends with ECONNRESET).
          lines.on("error", reject);
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end();
      });
    } catch {
      if (signal.aborted) return;
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}
