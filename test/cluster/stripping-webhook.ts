/**
 * A deliberately bad mutating webhook for the doctor's cluster test, in the test process: it
 * answers every pod with the whole pod re-serialized as a webhook built on pre-1.28 client
 * libraries would — init containers without `restartPolicy` — and marks it with an annotation
 * under its own domain. Serves with the test's certificate.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";

export const strippingAnnotation = "doctor-test.example.com/reserialized";

type Json = Record<string, unknown>;

function reserializedWithoutRestartPolicy(pod: Json): { spec: Json; metadata: Json } {
  const spec = pod.spec as Json;
  const metadata = pod.metadata as Json;
  const initContainers = ((spec.initContainers ?? []) as Json[]).map(
    ({ restartPolicy: _lost, ...rest }) => rest,
  );
  return {
    spec: { ...spec, initContainers },
    metadata: {
      ...metadata,
      annotations: { ...((metadata.annotations ?? {}) as Json), [strippingAnnotation]: "true" },
    },
  };
}

export async function startStrippingWebhook(tls: {
  certPath: string;
  keyPath: string;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer(
    { cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) },
    (req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (c: string) => (body += c));
      req.on("end", () => {
        const review = JSON.parse(body) as { request: { uid: string; object: Json } };
        const copy = reserializedWithoutRestartPolicy(review.request.object);
        const patch =
          new URL(req.url ?? "/", "https://webhook").pathname === "/strip"
            ? [
                { op: "replace", path: "/spec", value: copy.spec },
                { op: "replace", path: "/metadata", value: copy.metadata },
              ]
            : [];
        const response: Json = { uid: review.request.uid, allowed: true };
        if (patch.length > 0) {
          response.patchType = "JSONPatch";
          response.patch = Buffer.from(JSON.stringify(patch)).toString("base64");
        }
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response }));
      });
    },
  );
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
