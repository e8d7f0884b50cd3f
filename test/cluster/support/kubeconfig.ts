/** A kubeconfig (for kubectl, podvisor, and the controller manager and scheduler themselves). */
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";

export interface KubeconfigUser {
  name: string;
  certPath?: string;
  keyPath?: string;
  token?: string;
}

export function writeKubeconfig(
  path: string,
  server: string,
  caCertPath: string,
  user: KubeconfigUser,
): void {
  const credentials = {
    ...(user.certPath !== undefined && { "client-certificate": user.certPath }),
    ...(user.keyPath !== undefined && { "client-key": user.keyPath }),
    ...(user.token !== undefined && { token: user.token }),
  };
  const kubeconfig = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "podvisor-test", cluster: { server, "certificate-authority": caCertPath } }],
    users: [{ name: user.name, user: credentials }],
    contexts: [{ name: "podvisor-test", context: { cluster: "podvisor-test", user: user.name } }],
    "current-context": "podvisor-test",
  };
  writeFileSync(path, stringify(kubeconfig), { mode: 0o600 });
}
