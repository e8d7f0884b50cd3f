/**
 * A no-op mutating admission webhook in its own Node process, for bench/admission.ts (issue 12):
 * it allows every pod without a patch, over Node's https server with the defaults podvisor's
 * webhook server uses (src/webhook/webhook-server.ts), so "noop − plain" is the API server's cost
 * of calling *any* webhook served by Node, free of the bench process's own work. Only node:*
 * imports: bench/admission-cluster.ts bundles it with esbuild and runs it with plain `node`.
 *
 *   node noop-webhook-server.mjs CERT_FILE KEY_FILE [--record FILE] [--answer FILE]
 *
 * `--record` writes the first AdmissionReview it receives to FILE (what the API server sends a
 * webhook for the bench pod). `--answer` adds FILE's JSON (`patchType`, `patch`, `warnings`) to
 * every response: the "canned" control answers with podvisor's own patch without deciding
 * anything, so what the API server does with that patch is measured apart from podvisor's work.
 *
 * Prints "listening <port>" on stdout once it serves; on SIGTERM prints how many TLS connections
 * and requests it saw on stderr and exits.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";

const [certFile, keyFile, ...flags] = process.argv.slice(2);
const flag = (name: string) => (flags.includes(name) ? flags[flags.indexOf(name) + 1] : undefined);
const recordFile = flag("--record");
const answerFile = flag("--answer");
const answer = answerFile ? (JSON.parse(readFileSync(answerFile, "utf8")) as Record<string, unknown>) : {};
let recorded = false;
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
    const text = Buffer.concat(chunks).toString("utf8");
    if (recordFile && !recorded) {
      recorded = true;
      writeFileSync(recordFile, text);
    }
    const review = JSON.parse(text) as { request: { uid: string } };
    const body = JSON.stringify({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: review.request.uid, allowed: true, ...answer },
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
