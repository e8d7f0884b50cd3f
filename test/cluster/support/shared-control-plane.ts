/**
 * The control plane the globalSetup started for this run, for a test file:
 *
 *   const cluster = useSharedControlPlane();
 *   const namespace = await cluster.createNamespace("webhook");
 *   await cluster.kubectl(["apply", "-n", namespace, "-f", "-"], { stdin: manifest });
 */
import { inject } from "vitest";
import { connectToControlPlane, type ClusterClient } from "./cluster-client.js";

export function useSharedControlPlane(): ClusterClient {
  return connectToControlPlane(inject("controlPlane"));
}
