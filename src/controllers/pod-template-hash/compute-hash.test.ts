/**
 * The pod-template-hash, restating upstream's tests (pkg/controller/controller_utils_test.go
 * TestComputeHash, pkg/util/hash/hash_test.go) and pinning values that
 * test/tools/pod-template-go-types computed with upstream's own `controller.ComputeHash` on the
 * same templates (after a protobuf round trip, as the controller reads them).
 */
import { describe, expect, it } from "vitest";
import type { PodTemplateSpec } from "../../api/index.js";
import { computePodTemplateHash, fnv32a, safeEncodeString } from "./compute-hash.js";

const empty = {} as PodTemplateSpec;

const web = {
  metadata: { labels: { app: "web", tier: "b", Zed: "1" } },
  spec: {
    containers: [
      {
        name: "app",
        image: "nginx:1.27",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        resources: {
          requests: { cpu: "100m", memory: "64Mi" },
          limits: { cpu: "0.5", memory: "1.5Gi", "ephemeral-storage": "1G" },
        },
        readinessProbe: { httpGet: { path: "/", port: "http", scheme: "HTTP" }, periodSeconds: 10 },
        livenessProbe: { tcpSocket: { port: 8080 } },
        terminationMessagePath: "/dev/termination-log",
        imagePullPolicy: "IfNotPresent",
      },
    ],
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    securityContext: {},
    schedulerName: "default-scheduler",
    volumes: [{ name: "data", emptyDir: {} }],
    initContainers: [
      {
        name: "logshipper",
        image: "alpine:latest",
        restartPolicy: "Always",
        command: ["sh", "-c", "tail -F /opt/logs.txt"],
      },
    ],
    tolerations: [],
    nodeSelector: {},
  },
} as unknown as PodTemplateSpec;

const oddQuantities = {
  spec: {
    containers: [
      {
        name: "a",
        resources: { limits: { cpu: "12345678901234567890", memory: "2", x: "1e3", y: "1k", z: "1.5" } },
      },
    ],
  },
} as unknown as PodTemplateSpec;

describe("computePodTemplateHash (controller.ComputeHash)", () => {
  it.each([
    ["simple", 1, 2],
    ["using math.MaxInt64", undefined, 2147483647],
  ])("TestComputeHash %s: another collisionCount gives another hash", (_name, count, otherCount) => {
    expect(computePodTemplateHash(empty, count)).not.toBe(computePodTemplateHash(empty, otherCount));
  });

  it.each<[string, PodTemplateSpec, number | undefined, string]>([
    ["the empty template", empty, undefined, "85748b7f68"],
    ["the empty template, collisionCount 1", empty, 1, "b54bc767c"],
    ["the empty template, collisionCount MaxInt32", empty, 2147483647, "579d8f8ff6"],
    ["a defaulted web template with probes, resources, a sidecar", web, undefined, "8667467d84"],
    ["quantities on the inf.Dec path, exponents and fractions", oddQuantities, undefined, "79cb7f4fb6"],
  ])("%s hashes as upstream's ComputeHash does", (_name, template, count, expected) => {
    expect(computePodTemplateHash(template, count)).toBe(expected);
  });

  it("TestDeepObjectPointer: equal values give equal hashes, a different nested value another", () => {
    const copy = structuredClone(web);
    expect(computePodTemplateHash(copy)).toBe(computePodTemplateHash(web));
    copy.spec.containers[0]!.image = "nginx:1.28";
    expect(computePodTemplateHash(copy)).not.toBe(computePodTemplateHash(web));
  });

  it("empty lists and maps hash as absent ones (protobuf drops them)", () => {
    const bare = structuredClone(web) as unknown as { spec: Record<string, unknown> };
    delete bare.spec.tolerations;
    delete bare.spec.nodeSelector;
    expect(computePodTemplateHash(bare as unknown as PodTemplateSpec)).toBe("8667467d84");
  });

  it("SafeEncodeString maps each digit into the 27 safe characters; FNV-32a of nothing is its offset basis", () => {
    // "0" is rune 48, 48 % 27 = 21 → "4".
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
    expect(fnv32a([])).toBe(0x811c9dc5);
  });
});
