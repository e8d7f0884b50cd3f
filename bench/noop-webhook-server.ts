/**
 * A no-op mutating admission webhook in its own Node process, for bench/admission.ts (issue 12):
 * it allows every pod without a patch, over Node's https server with the defaults podvisor's
 * webhook server uses (src/webhook/webhook-server.ts), so "noop − plain" is the API server's cost
 * of calling *any* webhook served by Node, free of the bench process's own work. Only node:*
 * imports: bench/admission-cluster.ts bundles it with esbuild and runs it with plain `node`.
 *
 *   node noop-webhook-server.mjs CERT_FILE KEY_FILE
 *
 * Prints "listening <port>" on stdout once it serves; on SIGTERM prints how many TLS connections
 * and requests it saw on stderr and exits.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";

const [certFile, keyFile] = process.argv.slice(2);
if (!certFile || !keyFile) {
  process.stderr.write("usage: noop-webhook-server CERT_FILE KEY_FILE\n");
  process.exit(2);
}
let connections = 0;
let requests = 0;
const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
  requests++;
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: { uid: string } };
    const body = JSON.stringify({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: review.request.uid, allowed: true },
    });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.on("secureConnection", () => connections++);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  process.stderr.write(`noop-webhook-server: ${connections} connections, ${requests} requests\n`);
  process.exit(0);
});
