/**
 * doctor/ is `podvisor doctor`: can this cluster run native sidecars, and if not, what stands in
 * the way? It follows the "Adopting Sidecar Containers" tutorial: the SidecarContainers gate on
 * the API server and every node (their /metrics), the mutating webhooks that see pods, and a
 * dry-run create of a probe pod per namespace showing whether `restartPolicy: Always` survives
 * admission, with the likely culprits ranked. The verdicts are pure (diagnose.ts and what it
 * reads); read-cluster-facts.ts is the only code that talks to the cluster. docs/adoption.md.
 */
export type { ClusterFacts, GateReading, NamespaceFacts, NodeFacts, ProbeResult } from "./cluster-facts.js";
export { diagnose, tutorialUrl, type CheckStatus, type DoctorCheck, type DoctorReport } from "./diagnose.js";
export { formatReport } from "./print-report.js";
export { labelNodes, readClusterFacts } from "./read-cluster-facts.js";
