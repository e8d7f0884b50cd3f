/**
 * The kubelet API's HTTPS server (pkg/kubelet/server/server.go): TLS with the node's serving
 * certificate; every request authenticated (`InstallAuthFilter`: its client certificate, verified
 * against the client CA, and its bearer token go to the KubeletAuthenticator; refused: 401
 * Unauthorized), then authorized (403 with the kubelet's Forbidden message), then served by the
 * first route of the table whose method and path match (404 otherwise). Routes are data so other
 * parts of the node add theirs (/containerLogs here, /metrics).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import type { Logger } from "../shared/index.js";
import type { KubeletAuthenticator, KubeletCredentials } from "./kubelet-authenticator.js";
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
  /** PEM CA bundle that signs the callers' client certificates; absent: certificates are not asked for. */
  clientCa?: string | Buffer;
  authenticate: KubeletAuthenticator;
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
  const authentication = await options.authenticate(requestCredentials(request));
  if (!authentication.isAuthenticated) {
    options.logger.debug(
      `kubelet API ${request.method ?? ""} ${request.url ?? ""}: unauthorized: ${authentication.reason}`,
    );
    return writeText(response, 401, "Unauthorized");
  }
  const { user } = authentication;
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

/**
 * What the request presents: a client certificate (the user it names, x509
 * `CommonNameUserConversion`, when the client CA verified it) and an `Authorization: Bearer` token.
 */
function requestCredentials(request: IncomingMessage): KubeletCredentials {
  const socket = request.socket as TLSSocket;
  const peer = typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate() : undefined;
  const hasCertificate = peer !== undefined && Object.keys(peer).length > 0;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
  return {
    ...(hasCertificate
      ? { certificate: { verifiedUser: socket.authorized ? certificateUser(peer) : undefined } }
      : {}),
    ...(bearer !== undefined ? { bearerToken: bearer } : {}),
  };
}

function certificateUser(peer: { subject?: unknown }): KubeletUser | undefined {
  const subject = (peer.subject ?? {}) as Record<string, string | string[] | undefined>;
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
