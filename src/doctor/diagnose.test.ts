import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import type { ClusterFacts, GateReading, NodeFacts } from "./cluster-facts.js";
import { diagnose } from "./diagnose.js";
import { probePod } from "./probe-pod.js";
import { formatReport } from "./print-report.js";

const on: GateReading = { kind: "read", enabled: true, stage: "" };
const off: GateReading = { kind: "read", enabled: false, stage: "" };
const unreadable: GateReading = { kind: "unreadable", reason: "connection refused" };
const node = (name: string, kubeletVersion: string | undefined, gate: GateReading): NodeFacts => ({
  name,
  labels: {},
  kubeletVersion,
  gate,
});
const stripped = (): Fields => {
  const pod = probePod("default");
  const spec = pod.spec as { initContainers: Fields[] };
  spec.initContainers = spec.initContainers.map(({ restartPolicy: _dropped, ...rest }) => rest);
  (pod.metadata as Fields).annotations = { "strip.example.com/seen": "yes" };
  return pod;
};
const healthy = (): ClusterFacts => ({
  apiServer: { gitVersion: "v1.36.3", gate: { kind: "absent" } },
  nodes: [node("current", "v1.36.3", on)],
  webhookConfigurations: [],
  namespaces: [{ name: "default", labels: {}, probe: { kind: "admitted", pod: probePod("default") } }],
});
const statuses = (facts: ClusterFacts) => diagnose(facts).checks.map((c) => `${c.status} ${c.id}`);

describe("doctor's verdicts", () => {
  it("a healthy cluster: every check passes (the webhook list is information) and native sidecars work", () => {
    const report = diagnose(healthy());
    expect(statuses(healthy())).toEqual([
      "pass api-server",
      "pass node/current",
      "info webhooks",
      "pass admission/default",
    ]);
    expect(report.nativeSidecarsWork).toBe(true);
    expect(report.nodeSupport).toEqual([{ node: "current", supported: true }]);
  });

  it.each([
    ["gate read on", "v1.28.4", on, "pass", true],
    ["gate read off on a current kubelet", "v1.36.3", off, "fail", false],
    ["metrics unreadable, 1.29 or later: on by default", "v1.30.1", unreadable, "pass", true],
    ["metrics unreadable, 1.28: alpha, off by default", "v1.28.4", unreadable, "fail", false],
    ["metrics unreadable, 1.27: no native sidecars", "v1.27.16", unreadable, "fail", false],
    ["no version and no metrics: doctor cannot tell", undefined, unreadable, "warn", undefined],
  ] as const)("node: %s → %s", (_name, version, gate, status, supported) => {
    const facts = { ...healthy(), nodes: [node("n", version, gate)] };
    const report = diagnose(facts);
    expect(report.checks.find((c) => c.id === "node/n")?.status).toBe(status);
    expect(report.nodeSupport).toEqual([{ node: "n", supported }]);
  });

  it("one old node: named, with the labelling and node-affinity advice, and the cluster fails", () => {
    const facts = { ...healthy(), nodes: [node("current", "v1.36.3", on), node("old-1", "v1.27.16", off)] };
    const report = diagnose(facts);
    const old = report.checks.find((c) => c.id === "node/old-1");
    expect(old?.summary).toBe("node old-1: kubelet v1.27.16, SidecarContainers=false on the kubelet");
    expect(old?.advice).toContain("podvisor doctor --label-nodes");
    expect(report.nativeSidecarsWork).toBe(false);
  });

  it.each([
    ["gate read off", "v1.36.3", off, "fail"],
    ["gate absent from 1.33 on (GA, removed later)", "v1.36.3", { kind: "absent" }, "pass"],
    ["1.27", "v1.27.3", { kind: "absent" }, "fail"],
  ] as const)("API server: %s → %s", (_name, gitVersion, gate, status) => {
    const facts = { ...healthy(), apiServer: { gitVersion, gate } };
    expect(diagnose(facts).checks[0]?.status).toBe(status);
  });

  it("restartPolicy stripped in admission: ✗, the webhook that marked the probe named first, the tutorial's fix", () => {
    const facts: ClusterFacts = {
      ...healthy(),
      webhookConfigurations: [
        {
          metadata: { name: "a-policy" },
          webhooks: [
            {
              name: "policy.acme.io",
              rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }],
            },
          ],
        },
        {
          metadata: { name: "strip" },
          webhooks: [
            {
              name: "strip.example.com",
              rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
            },
          ],
        },
      ],
      namespaces: [{ name: "default", labels: {}, probe: { kind: "admitted", pod: stripped() } }],
    };
    const report = diagnose(facts);
    const check = report.checks.find((c) => c.id === "admission/default");
    expect(check?.status).toBe("fail");
    expect(check?.suspects?.map((s) => s.webhook)).toEqual(["strip.example.com", "policy.acme.io"]);
    expect(check?.advice).toContain("client libraries 1.28+");
    expect(report.nativeSidecarsWork).toBe(false);
    expect(formatReport(report)).toContain(
      "✗ namespace default: admission dropped restartPolicy: Always from the probe's sidecar; most likely strip/strip.example.com",
    );
  });

  it("a refused dry run is a warning, not a verdict", () => {
    const facts: ClusterFacts = {
      ...healthy(),
      namespaces: [
        {
          name: "default",
          labels: {},
          probe: { kind: "refused", message: "webhook x does not support dry run" },
        },
      ],
    };
    const report = diagnose(facts);
    expect(report.checks.find((c) => c.id === "admission/default")?.status).toBe("warn");
    expect(report.nativeSidecarsWork).toBe(true);
  });

  it("prints a checklist: ✓ ✗ ! •, advice under what is not ✓", () => {
    const facts = { ...healthy(), nodes: [node("current", "v1.36.3", on), node("old-1", "v1.27.16", off)] };
    const lines = formatReport(diagnose(facts), ["node/current sidecars.podvisor.io/native=true"]).split(
      "\n",
    );
    expect(lines.map((l) => l.slice(0, 2))).toEqual(["✓ ", "✓ ", "✗ ", "  ", "• ", "✓ ", "la", "na", ""]);
    expect(lines.at(-2)).toBe("native sidecars: would not work everywhere (1 failing check)");
  });
});
