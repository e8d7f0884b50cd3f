/**
 * The kubelet API's HTTPS server (pkg/kubelet/server/server.go): TLS with the node's serving
 * certificate; every request authenticated by its client certificate against the client CA (the
 * kubelet's x509 authenticator: user = CommonName, groups = Organizations; no certificate, or one
 * the CA did not sign: 401 Unauthorized), then authorized (`InstallAuthFilter`: 403 with the
 * kubelet's Forbidden message), then served by the first route of the table whose method and path
 * match (404 otherwise). Routes are data so other parts of the node add theirs (/containerLogs
 * here, later /metrics).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import type { Logger } from "../shared/index.js";
import {
  forbiddenMessage,
  kubeletRequestAttributes,
  type KubeletAuthorizer,
  type KubeletUser,
} from "./kubelet-authorizer.js";

export interface KubeletRoute {
  method: string;
  /** Matched against the request's path (not its query). */
  path: RegExp;
  handle(request: KubeletRequest, response: ServerResponse): Promise<void> | void;
}

export interface KubeletRequest {
  raw: IncomingMessage;
  url: URL;
  /** The route's path match: groups are the path parameters (URL-decoded). */
  params: string[];
  user: KubeletUser;
}

export interface KubeletServerOptions {
  nodeName: string;
  /** The address to listen on and the port (0: any free one). */
  address: string;
  port: number;
  tls: { cert: string | Buffer; key: string | Buffer };
  /** PEM CA bundle that signs the callers' client certificates; absent: nobody is authenticated. */
  clientCa?: string | Buffer;
  authorize: KubeletAuthorizer;
  routes: readonly KubeletRoute[];
  logger: Logger;
}

export interface KubeletServer {
  /** The port it listens on (the Node's daemonEndpoints.kubeletEndpoint.Port). */
  readonly port: number;
  close(): Promise<void>;
}

export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServer> {
  const server: Server = createServer(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      ...(options.clientCa !== undefined
        ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: false }
        : {}),
    },
    (request, response) => {
      serve(request, response, options).catch((error: unknown) => {
        options.logger.warn(`kubelet API ${request.method ?? ""} ${request.url ?? ""}: ${String(error)}`);
        if (!response.headersSent) writeText(response, 500, "Internal Server Error");
        else response.destroy();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A `kubectl logs -f` in progress would hold the server open until its container ends.
        server.closeAllConnections();
      }),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: KubeletServerOptions,
): Promise<void> {
  const user = authenticatedUser(request);
  if (user === undefined) return writeText(response, 401, "Unauthorized");
  const url = new URL(request.url ?? "/", "https://kubelet");
  const method = request.method ?? "GET";
  const attributes = kubeletRequestAttributes(user, method, url.pathname, options.nodeName);
  let isAllowed: boolean;
  try {
    isAllowed = await options.authorize(attributes);
  } catch (error) {
    options.logger.warn(`kubelet API authorization of ${user.name}: ${String(error)}`);
    const { verb, resource, subresource } = attributes;
    return writeText(
      response,
      500,
      `Authorization error (user=${user.name}, verb=${verb}, resource=${resource}, subresource=${subresource})`,
    );
  }
  if (!isAllowed) return writeText(response, 403, forbiddenMessage(attributes));
  for (const route of options.routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    const params = match.slice(1).map((part) => decodeURIComponent(part ?? ""));
    await route.handle({ raw: request, url, params, user }, response);
    return;
  }
  writeText(response, 404, "404 page not found");
}

/** The x509 authenticator: a client certificate the client CA verified names the user. */
function authenticatedUser(request: IncomingMessage): KubeletUser | undefined {
  const socket = request.socket as TLSSocket;
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate().subject as Record<string, string | string[] | undefined>;
  const list = (value: string | string[] | undefined) =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const name = list(subject.CN)[0];
  return name === undefined || name === "" ? undefined : { name, groups: list(subject.O) };
}

/** go-restful `WriteErrorString`: the status and the text as the body. */
export function writeText(response: ServerResponse, statusCode: number, text: string): void {
  response.writeHead(statusCode, { "Content-Type": "text/plain; charset=utf-8" });
  response.end(text);
}
