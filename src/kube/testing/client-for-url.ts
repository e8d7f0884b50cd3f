/** A KubeClient for a test API server at `url` (plain HTTP allowed, a bearer token), via a kubeconfig in a temporary directory. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeClient } from "../kube-client.js";

export async function clientForUrl(url: string): Promise<KubeClient> {
  const path = join(mkdtempSync(join(tmpdir(), "podvisor-kube-")), "kubeconfig");
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster: { server: url, "insecure-skip-tls-verify": true } }],
      users: [{ name: "me", user: { token: "t" } }],
      contexts: [{ name: "fake", context: { cluster: "fake", user: "me" } }],
      "current-context": "fake",
    }),
  );
  return KubeClient.load({ kubeconfig: path });
}
