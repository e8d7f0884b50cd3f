/**
 * What `podvisor doctor` reads from a cluster, as plain data: the adapter
 * (read-cluster-facts.ts) fills it in, the pure checks (diagnose.ts) judge it. Nothing here is
 * decided; a failed read is a fact too.
 */
import type { Fields } from "../api/index.js";

/** A component's `kubernetes_feature_enabled{name="SidecarContainers"}`, if its /metrics answered. */
export type GateReading =
  | { kind: "read"; enabled: boolean; stage: string }
  /** /metrics answered without the series (the gate was removed after GA, or never existed). */
  | { kind: "absent" }
  | { kind: "unreadable"; reason: string };

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  /** `status.nodeInfo.kubeletVersion`, as reported. */
  kubeletVersion: string | undefined;
  gate: GateReading;
}

/** The server-side dry-run create of the probe pod (`dryRun=All`): what admission made of it. */
export type ProbeResult = { kind: "admitted"; pod: Fields } | { kind: "refused"; message: string };

export interface NamespaceFacts {
  name: string;
  labels: Record<string, string>;
  probe: ProbeResult;
}

export interface ClusterFacts {
  apiServer: { gitVersion: string; gate: GateReading };
  nodes: NodeFacts[];
  /** admissionregistration.k8s.io/v1 MutatingWebhookConfigurations, as listed. */
  webhookConfigurations: Fields[];
  namespaces: NamespaceFacts[];
}
