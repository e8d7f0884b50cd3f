/**
 * The architecture as a test: the real import graph of src/ breaks no boundary rule
 * (boundary-rules.ts), and the checker does reject the imports those rules forbid.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readImportGraph, parseImports, type ImportEdge } from "./import-graph.js";
import { checkBoundaries, folderRanks, formatViolation } from "./boundary-rules.js";

const srcRoot = join(import.meta.dirname, "../../src");

function edge(from: string, to: string): ImportEdge {
  return { from, to, line: 1 };
}

const syntheticFiles = [
  "lifecycle/index.ts",
  "lifecycle/observe.ts",
  "agent/index.ts",
  "agent/pod-worker.ts",
];

describe("src/ keeps its boundaries", () => {
  it("no import crosses a folder boundary the wrong way or reaches past an index.ts", () => {
    const { files, edges } = readImportGraph(srcRoot);
    expect(edges.length).toBeGreaterThan(100);
    expect(checkBoundaries(files, edges).map(formatViolation)).toEqual([]);
  });

  it("every top-level folder's index.ts opens with a paragraph on its purpose", () => {
    const { files } = readImportGraph(srcRoot);
    const indexes = files.filter((file) => /^[^/]+\/index\.ts$/.test(file));
    const withoutParagraph = indexes.filter(
      (file) => !readFileSync(join(srcRoot, file), "utf8").startsWith("/**"),
    );
    expect(withoutParagraph).toEqual([]);
  });
});

describe("the boundary checker", () => {
  it("rejects a pure-core folder importing the agent (a wrong-way import)", () => {
    const violations = checkBoundaries(syntheticFiles, [edge("lifecycle/observe.ts", "agent/index.ts")]);
    expect(violations.map(formatViolation)).toEqual([
      "src/lifecycle/observe.ts:1: lifecycle/ (rank 2) may not import agent/ (rank 8): dependencies point down (agent/index.ts)",
    ]);
  });

  it("rejects an import between two folders of the same rank", () => {
    const files = ["agent/index.ts", "manager/index.ts", "manager/job-runner.ts"];
    const violations = checkBoundaries(files, [edge("manager/job-runner.ts", "agent/index.ts")]);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain("may not import agent/");
  });

  it("rejects an import that reaches a folder's private file instead of its index.ts", () => {
    const violations = checkBoundaries(syntheticFiles, [edge("agent/pod-worker.ts", "lifecycle/observe.ts")]);
    expect(violations.map(formatViolation)).toEqual([
      "src/agent/pod-worker.ts:1: lifecycle/observe.ts is private to lifecycle/: import it through lifecycle/index.ts",
    ]);
  });

  it("accepts a downward import through the index.ts, and a subfolder's index.ts", () => {
    const files = [...syntheticFiles, "runtime/index.ts", "runtime/process/index.ts"];
    const edges = [
      edge("agent/pod-worker.ts", "lifecycle/index.ts"),
      edge("agent/pod-worker.ts", "runtime/process/index.ts"),
    ];
    expect(checkBoundaries(files, edges)).toEqual([]);
  });

  it("opens testing/ helpers to tests only", () => {
    const files = [...syntheticFiles, "lifecycle/testing/make-pod.ts"];
    expect(
      checkBoundaries(files, [edge("agent/pod-worker.test.ts", "lifecycle/testing/make-pod.ts")]),
    ).toEqual([]);
    expect(
      checkBoundaries(files, [edge("agent/pod-worker.ts", "lifecycle/testing/make-pod.ts")]),
    ).toHaveLength(1);
  });

  it("rejects a folder without an index.ts or without a rank", () => {
    const violations = checkBoundaries(["nodes/pod-source.ts"], []).map((v) => v.message);
    expect(violations).toEqual([
      "folder nodes/ has no rank: add it to folderRanks in test/architecture/boundary-rules.ts and docs/architecture.md",
      "folder nodes/ has no index.ts entry point",
    ]);
  });

  it("reads type-only imports, re-exports and dynamic imports as edges", () => {
    const source = [
      'import type { Pod } from "../api/index.js";',
      'export { observe } from "../lifecycle/index.js";',
      'const m = await import("../status/index.js");',
      'import { x } from "node:fs";',
    ].join("\n");
    expect(parseImports("agent/a.ts", source).map((e) => e.to)).toEqual([
      "api/index.ts",
      "lifecycle/index.ts",
      "status/index.ts",
    ]);
  });

  it("ranks every folder the docs name, including those still to come (kube, webhook)", () => {
    expect(Object.keys(folderRanks)).toEqual(
      expect.arrayContaining(["kube", "webhook", "controllers", "manager"]),
    );
  });
});
