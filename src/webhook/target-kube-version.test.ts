import { describe, expect, it } from "vitest";
import { nodeView, targetKubeVersion, type NodeView } from "./target-kube-version.js";

const node = (name: string, version: string, labels: Record<string, string> = {}, unschedulable = false) =>
  nodeView({
    metadata: { name, labels },
    spec: { unschedulable },
    status: { nodeInfo: { kubeletVersion: version } },
  });

const nodes: NodeView[] = [
  node("a", "v1.28.3", { zone: "a" }),
  node("b", "v1.33.1", { zone: "b" }),
  node("cordoned", "v1.27.0", { zone: "b" }, true),
];

describe("the version auto injects for: the oldest of the API server and the kubelets the pod can land on", () => {
  it.each([
    ["a pod bound to a node: that node's kubelet", { nodeName: "b" }, [1, 33], [1, 33]],
    ["a bound pod whose node is older than the API server: the node", { nodeName: "a" }, [1, 36], [1, 28]],
    ["a nodeSelector narrows the candidates", { nodeSelector: { zone: "b" } }, [1, 36], [1, 33]],
    [
      "an unschedulable node is no candidate for an unbound pod",
      { nodeSelector: { zone: "b" } },
      [1, 36],
      [1, 33],
    ],
    ["no selector: every schedulable node, the oldest decides", {}, [1, 36], [1, 28]],
    ["the API server older than every kubelet decides", { nodeName: "b" }, [1, 30], [1, 30]],
    ["no node matches: the API server's version", { nodeSelector: { zone: "c" } }, [1, 31], [1, 31]],
  ] as const)("%s", (_name, spec, server, expected) => {
    expect(targetKubeVersion({ spec }, nodes, server).version).toEqual(expected);
  });

  it("says where the version came from", () => {
    expect(targetKubeVersion({ spec: { nodeSelector: { zone: "a" } } }, nodes, [1, 36]).source).toBe(
      "kubelet 1.28 on node a (oldest of 1 node the pod can land on)",
    );
    expect(targetKubeVersion({ spec: {} }, [], [1, 36]).source).toBe(
      "API server 1.36; no node the pod can land on reports a kubelet version",
    );
  });
});
