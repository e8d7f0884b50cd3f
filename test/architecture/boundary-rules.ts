/**
 * podvisor's folder boundaries as a checkable rule (docs/architecture.md, "Boundaries"):
 *
 * 1. Dependencies point one way. Each top-level folder of src/ has a rank; a file may import from
 *    another folder only if that folder's rank is lower. Folders of equal rank do not import each
 *    other, so there are no cycles between folders.
 * 2. Folders are entered through their `index.ts` (or a subfolder's `index.ts`, e.g.
 *    `runtime/process/index.ts`); the other files are private to the folder. Test helpers under a
 *    `testing/` folder are open to tests and to other test helpers only.
 * 3. Every top-level folder has an `index.ts`, which opens with a paragraph on its purpose.
 *
 * `checkBoundaries` is pure so that a test can show it rejects a wrong-way import.
 */
import type { ImportEdge } from "./import-graph.js";

/**
 * entry → composition → orchestration → adapters → admission → pure core → api → shared.
 * Within a tier the order follows what exists: status reads lifecycle's state, controllers print
 * with status's durations, probes and the store use the runtime port's types.
 */
export const folderRanks: Readonly<Record<string, number>> = {
  shared: 0,
  api: 1,
  // pure core
  lifecycle: 2,
  resources: 2,
  sidecarset: 2,
  podspec: 2,
  status: 3,
  controllers: 4,
  admission: 5,
  // adapters
  runtime: 6,
  probes: 7,
  store: 7,
  kube: 7,
  // orchestration: the kubelet, the controller manager, the cluster-side webhook
  agent: 8,
  manager: 8,
  webhook: 8,
  doctor: 8,
  // the lifecycle picture: pure model and renderers over what store/ recorded
  timeline: 8,
  // compositions of a front-end
  run: 9,
  node: 9,
  // entry
  cli: 10,
  "": 11, // src/main.ts and src/index.ts
};

export interface BoundaryViolation {
  file: string;
  line: number;
  message: string;
}

/** The top-level folder of a path relative to src/ ("" for files directly in src/). */
export function folderOf(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function isTestFile(path: string): boolean {
  return path.endsWith(".test.ts") || path.split("/").includes("testing");
}

function isEntryPoint(target: string, folder: string): boolean {
  const inner = target.slice(folder.length + 1).split("/");
  return (inner.length === 1 || inner.length === 2) && inner[inner.length - 1] === "index.ts";
}

/** Every import in `edges` that breaks rule 1 or 2, and every folder in `files` missing rule 3. */
export function checkBoundaries(files: readonly string[], edges: readonly ImportEdge[]): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  const folders = new Set(files.map(folderOf));
  for (const folder of folders) {
    if (folderRanks[folder] === undefined) {
      violations.push({
        file: `${folder}/`,
        line: 0,
        message: `folder ${folder}/ has no rank: add it to folderRanks in test/architecture/boundary-rules.ts and docs/architecture.md`,
      });
    }
    if (folder !== "" && !files.includes(`${folder}/index.ts`)) {
      violations.push({
        file: `${folder}/`,
        line: 0,
        message: `folder ${folder}/ has no index.ts entry point`,
      });
    }
  }
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === to) continue;
    const fromRank = folderRanks[from];
    const toRank = folderRanks[to];
    if (fromRank !== undefined && toRank !== undefined && fromRank <= toRank) {
      violations.push({
        file: edge.from,
        line: edge.line,
        message: `${from || "src"}/ (rank ${fromRank}) may not import ${to}/ (rank ${toRank}): dependencies point down (${edge.to})`,
      });
    }
    const isOpenTestHelper = isTestFile(edge.from) && edge.to.split("/").includes("testing");
    if (!isOpenTestHelper && !isEntryPoint(edge.to, to)) {
      violations.push({
        file: edge.from,
        line: edge.line,
        message: `${edge.to} is private to ${to}/: import it through ${to}/index.ts`,
      });
    }
  }
  return violations;
}

/** One line per violation, as the test prints them. */
export function formatViolation(violation: BoundaryViolation): string {
  return `src/${violation.file}${violation.line > 0 ? `:${violation.line}` : ""}: ${violation.message}`;
}
