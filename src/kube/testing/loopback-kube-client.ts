/**
 * A KubeClient for a loopback test server: a throwaway kubeconfig naming `url`, for the unit tests
 * of the HTTP adapter (kube-client.ts, kube-list-watcher.ts).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeClient, type KubeClientSource } from "../kube-client.js";

export async function loopbackKubeClient(
  url: string,
  options: Omit<KubeClientSource, "kubeconfig"> = {},
): Promise<KubeClient> {
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
  return KubeClient.load({ ...options, kubeconfig: path });
}
