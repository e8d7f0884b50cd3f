/**
 * `podvisor webhook` as the cluster tests run it: the built CLI (dist/main.js) as a child process
 * on 127.0.0.1 and a port of the test's choosing, under `setpriv --pdeathsig KILL` so it dies with
 * the test process, with a serving certificate for IP:127.0.0.1 signed by a CA of the test's own
 * (openssl). Also a TLS probe to see which certificate it serves, and /readyz.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { spawnPodvisor } from "./support/podvisor-process.js";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { connect } from "node:tls";
import { newEcKeyArgs } from "../../src/webhook/testing/self-signed.js";

export { cliPath, repoRoot } from "./support/podvisor-process.js";

export interface WebhookPki {
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function createWebhookPki(dir: string): WebhookPki {
  const caKeyPath = join(dir, "ca.key");
  const caCertPath = join(dir, "ca.crt");
  openssl([
    "req",
    "-x509",
    ...newEcKeyArgs(caKeyPath),
    "-out",
    caCertPath,
    "-days",
    "1",
    "-subj",
    "/CN=podvisor-webhook-test-ca",
  ]);
  const pki = { caCertPath, certPath: join(dir, "tls.crt"), keyPath: join(dir, "tls.key") };
  issueServingCert(dir, pki, "podvisor-webhook-1");
  return pki;
}

/** A new serving cert and key for IP:127.0.0.1 from the same CA, written over the old files. */
export function issueServingCert(dir: string, pki: WebhookPki, commonName: string): void {
  const csr = join(dir, `${commonName}.csr`);
  const key = join(dir, `${commonName}.key`);
  const crt = join(dir, `${commonName}.crt`);
  const ext = join(dir, `${commonName}.ext`);
  writeFileSync(ext, "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl(["req", "-new", ...newEcKeyArgs(key), "-out", csr, "-subj", `/CN=${commonName}`]);
  openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    pki.caCertPath,
    "-CAkey",
    join(dir, "ca.key"),
    "-CAcreateserial",
    "-out",
    crt,
    "-days",
    "1",
    "-extfile",
    ext,
  ]);
  // The key first: until the certificate follows, the pair does not load and the old one stays.
  copyFileSync(key, pki.keyPath);
  copyFileSync(crt, pki.certPath);
}

export interface WebhookProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startWebhook(options: { port: number; kubeconfig: string; pki: WebhookPki }): WebhookProcess {
  const { child, output, stop } = spawnPodvisor([
    ...["webhook", "--host", "127.0.0.1", "--port", String(options.port)],
    ...["--kubeconfig", options.kubeconfig],
    ...["--tls-cert-file", options.pki.certPath, "--tls-key-file", options.pki.keyPath],
    ...["--tls-poll-interval", "1s", "--verbose"],
  ]);
  return {
    child,
    output,
    async stop() {
      await stop("SIGTERM", 10_000);
    },
  };
}

/** GET a path of the webhook, trusting the test CA. */
export function getWebhook(
  port: number,
  path: string,
  caCertPath: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, agent: false, ca: readFileSync(caCertPath) },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The subject CN of the certificate the webhook serves on a new connection. */
export function servedCommonName(port: number, caCertPath: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca: readFileSync(caCertPath) }, () => {
      const subject = socket.getPeerX509Certificate()?.subject ?? "";
      socket.end();
      resolvePromise(subject.replace(/^CN=/, ""));
    });
    socket.on("error", reject);
  });
}

/**
 * Another mutating webhook, in the test process: it adds a container `extra` to every pod it
 * sees (a JSON patch), as a second mutating webhook of a cluster would. Serves with the test's
 * certificate.
 */
export async function startContainerAdder(
  pki: WebhookPki,
): Promise<{ port: number; calls(): number; close(): Promise<void> }> {
  let calls = 0;
  const server = createServer(
    { cert: readFileSync(pki.certPath), key: readFileSync(pki.keyPath) },
    (req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (c: string) => (body += c));
      req.on("end", () => {
        calls++;
        const review = JSON.parse(body) as { request: { uid: string } };
        const patch = [
          {
            op: "add",
            path: "/spec/containers/-",
            value: { name: "extra", image: "registry.invalid/extra:1" },
          },
        ];
        const answer = {
          apiVersion: "admission.k8s.io/v1",
          kind: "AdmissionReview",
          response: {
            uid: review.request.uid,
            allowed: true,
            patchType: "JSONPatch",
            patch: Buffer.from(JSON.stringify(patch)).toString("base64"),
          },
        };
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
      });
    },
  );
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    port: (server.address() as AddressInfo).port,
    calls: () => calls,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
