/**
 * Installs podvisor's SidecarSet CRDs (`podvisor install --crds-only`) on a control plane, without
 * their conversion webhook (no webhook runs there), then the kruise-system namespace the
 * controller keeps its ControllerRevisions in. Created, never applied: in the shared control plane
 * the webhook test later applies its own CRDs (with a `url`) over these, and a `service` applied
 * here would stay beside that url (client-side apply cannot remove a field it never applied). A
 * CRD or namespace already there (another file's) is left as it is.
 */
import { spawnSync } from "node:child_process";
import { parseAllDocuments, stringify } from "yaml";
import type { ClusterClient } from "./cluster-client.js";
import { cliPath } from "./podvisor-process.js";

export async function installSidecarSetCrds(cluster: ClusterClient): Promise<void> {
  const printed = spawnSync(process.execPath, [cliPath, "install", "--crds-only"], { encoding: "utf8" });
  if (printed.status !== 0) throw new Error(`podvisor install --crds-only: ${printed.stderr}`);
  const crds = parseAllDocuments(printed.stdout).map((doc) => {
    const crd = doc.toJS() as { spec: { conversion?: unknown } };
    crd.spec.conversion = { strategy: "None" };
    return stringify(crd);
  });
  await cluster.kubectlResult(["create", "-f", "-"], { stdin: crds.join("---\n") });
  await cluster.kubectl(["wait", "--for", "condition=established", "crd/sidecarsets.apps.kruise.io"]);
  await cluster.kubectlResult(["create", "namespace", "kruise-system"]);
}
