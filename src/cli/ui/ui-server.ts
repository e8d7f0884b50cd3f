/**
 * `podvisor ui`'s HTTP server (Node's http module: a handful of read-only routes need no
 * framework). It listens on a loopback address only and answers only requests whose Host header
 * names it (DNS-rebinding defence, loopback-host.ts); it has no endpoint that writes anything.
 * Every page carries a strict Content-Security-Policy: scripts only with the response's nonce,
 * connections only to this server. `close` ends every live stream, then the server.
 */
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../shared/index.js";
import { isAllowedHost } from "./loopback-host.js";
import { sendText } from "./plain-responses.js";
import { routeUiRequest, type UiRoutesOptions } from "./ui-routes.js";
import type { UiRunSource } from "./ui-run-source.js";

export interface UiServerOptions extends UiRoutesOptions {
  /** A loopback address (loopbackListenAddress). */
  address: string;
  /** 0: any free port. */
  port: number;
  source: UiRunSource;
  clock: Clock;
}

export interface UiServer {
  /** `http://ADDRESS:PORT/` */
  url: string;
  close(): Promise<void>;
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const stop = new AbortController();
  // Every open page's streams listen on this one signal: more than Node's default of 10 by design.
  setMaxListeners(0, stop.signal);
  let port = options.port;
  const server = createServer((request, response) => {
    const nonce = randomBytes(16).toString("base64");
    setSecurityHeaders(response, nonce);
    if (!isAllowedHost(request.headers.host, options.address, port)) {
      return sendText(response, 403, "podvisor ui: forbidden Host header (open the URL podvisor ui printed)");
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("allow", "GET, HEAD");
      return sendText(response, 405, "podvisor ui is read-only");
    }
    routeUiRequest(request, response, { ...options, nonce, signal: stop.signal }).catch((error: unknown) =>
      failRequest(response, error),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = options.address.includes(":") ? `[${options.address}]` : options.address;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      stop.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function setSecurityHeaders(response: ServerResponse, nonce: string): void {
  response.setHeader(
    "content-security-policy",
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // The timeline's SVG is drawn inline; its styles are the only inline ones besides the page's.
      "style-src 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  response.setHeader("x-content-type-options", "nosniff");
  response.setHeader("referrer-policy", "no-referrer");
  response.setHeader("cache-control", "no-store");
}

function failRequest(response: ServerResponse, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (!response.headersSent) sendText(response, 500, `podvisor ui: ${message}`);
  else response.destroy();
}
