/**
 * vitest globalSetup for the cluster tests (vitest.cluster.config.ts): one control plane per run
 * — etcd, kube-apiserver, kube-controller-manager, kube-scheduler — shared by every test file
 * through `provide("controlPlane", connection)`; test files reach it with
 * `useSharedControlPlane()` and work in namespaces of their own. Stopped when the run ends.
 */
import type { TestProject } from "vitest/node";
import type { ControlPlaneConnection } from "./cluster-client.js";
import { startControlPlane } from "./control-plane.js";

declare module "vitest" {
  export interface ProvidedContext {
    controlPlane: ControlPlaneConnection;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const controlPlane = await startControlPlane({ controllerManager: true, scheduler: true });
  const { connection } = controlPlane;
  console.log(
    `control plane ${connection.kubeVersion} at ${connection.server}; ` +
      `KUBECONFIG=${connection.kubeconfigPath}; logs in ${connection.runDir}/logs`,
  );
  project.provide("controlPlane", connection);
  return () => controlPlane.stop();
}
