/**
 * The kubelet API of `podvisor node` put together (docs/node.md "The kubelet API"): the serving
 * certificate from --tls-cert-file/--tls-private-key-file or a self-signed one made at start-up,
 * x509 client authentication against --client-ca-file and bearer tokens through TokenReview
 * (--authentication-token-webhook), anonymous requests only with --anonymous-auth, Webhook
 * (SubjectAccessReview) or AlwaysAllow authorization, and the routes: /containerLogs, and a clear 501 for the streaming
 * endpoints podvisor does not serve (exec, attach, port-forward, run).
 */
import { readFileSync } from "node:fs";
import type { Pod } from "../api/index.js";
import type { Clock, Logger } from "../shared/index.js";
import { InvalidInputError } from "../shared/index.js";
import type { RunDirectory } from "../store/index.js";
import { alwaysAllow, webhookAuthorizer, type KubeletAuthorizationMode } from "./kubelet-authorizer.js";
import { kubeletAuthenticator, tokenReviewAuthenticator } from "./kubelet-authenticator.js";
import { startKubeletServer, writeText, type KubeletRoute, type KubeletServer } from "./kubelet-server.js";
import { containerLogsRoute } from "./container-logs-route.js";
import { selfSignedServingCertificate } from "./self-signed-certificate.js";
import type { KubeRequester } from "./pod-status-manager.js";

export interface KubeletApiOptions {
  nodeName: string;
  /** Where to listen (--address) and the port (--port; 0: any free one). */
  address: string;
  port: number;
  /** The node's addresses, for the self-signed certificate. */
  nodeAddresses: readonly string[];
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  /** `--authentication-token-webhook`: bearer tokens checked with a TokenReview. */
  isTokenWebhookEnabled: boolean;
  /** `--anonymous-auth`: a request without credentials is `system:anonymous`. */
  isAnonymousEnabled: boolean;
  authorizationMode: KubeletAuthorizationMode;
  client: KubeRequester;
  clock: Clock;
  logger: Logger;
  /** The state directory run the node writes its pods' logs and statuses to. */
  run: RunDirectory;
  /**
   * The pod as its worker last reported it, which says which container instance is current; the
   * state directory's pod file is written off the main thread and can lag it by a moment.
   */
  currentPod?: (namespace: string, name: string) => Pod | undefined;
  /** More routes (e.g. /metrics), tried after the kubelet's own. */
  extraRoutes?: readonly KubeletRoute[];
}

/** kubelet `InstallDebuggingHandlers`' streaming endpoints, which podvisor does not serve. */
const streamingEndpoints = ["exec", "attach", "portForward", "run"];

export async function startKubeletApi(options: KubeletApiOptions): Promise<KubeletServer> {
  const tls = servingPair(options);
  const clientCa =
    options.clientCaFile === undefined ? undefined : readFlagFile("--client-ca-file", options.clientCaFile);
  if (clientCa === undefined && !options.isTokenWebhookEnabled && !options.isAnonymousEnabled)
    options.logger.warn(
      "no --client-ca-file, token webhook and anonymous requests off: every kubelet API request is refused (401), so kubectl logs cannot reach this node",
    );
  else if (clientCa === undefined)
    options.logger.warn(
      "no --client-ca-file: the API server's client certificate is not accepted, so kubectl logs cannot reach this node",
    );
  const unsupported: KubeletRoute[] = streamingEndpoints.flatMap((endpoint) =>
    ["GET", "POST"].map((method) => ({
      method,
      path: new RegExp(`^/${endpoint}/`),
      handle: (_request, response) =>
        writeText(
          response,
          501,
          `podvisor node does not serve ${endpoint} (kubectl exec, attach and port-forward): read docs/node.md`,
        ),
    })),
  );
  try {
    return await startKubeletServer({
      nodeName: options.nodeName,
      address: options.address,
      port: options.port,
      tls,
      ...(clientCa !== undefined ? { clientCa } : {}),
      authenticate: kubeletAuthenticator({
        ...(options.isTokenWebhookEnabled
          ? { tokens: tokenReviewAuthenticator(options.client, options.clock) }
          : {}),
        isAnonymousEnabled: options.isAnonymousEnabled,
      }),
      authorize:
        options.authorizationMode === "AlwaysAllow"
          ? alwaysAllow
          : webhookAuthorizer(options.client, options.clock),
      routes: [
        containerLogsRoute({
          run: options.run,
          clock: options.clock,
          ...(options.currentPod !== undefined ? { currentPod: options.currentPod } : {}),
        }),
        ...unsupported,
        ...(options.extraRoutes ?? []),
      ],
      logger: options.logger,
    });
  } catch (error) {
    throw new InvalidInputError(
      `cannot serve the kubelet API on ${options.address}:${options.port} (--address, --port): ${(error as Error).message}`,
    );
  }
}

function servingPair(options: KubeletApiOptions): { cert: string | Buffer; key: string | Buffer } {
  const { tlsCertFile, tlsPrivateKeyFile } = options;
  if (tlsCertFile === undefined && tlsPrivateKeyFile === undefined)
    return selfSignedServingCertificate(options.nodeName, options.nodeAddresses, options.clock.now());
  if (tlsCertFile === undefined || tlsPrivateKeyFile === undefined)
    throw new InvalidInputError(
      "--tls-cert-file and --tls-private-key-file go together: give both or neither",
    );
  return {
    cert: readFlagFile("--tls-cert-file", tlsCertFile),
    key: readFlagFile("--tls-private-key-file", tlsPrivateKeyFile),
  };
}

function readFlagFile(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InvalidInputError(`${flag} ${path}: ${(error as Error).message}`);
  }
}
