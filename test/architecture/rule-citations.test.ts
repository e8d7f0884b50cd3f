/**
 * The rules the code cites live in the repository: every `docs/rules/<file>.md §<ID>` citation in
 * src/ and bench/, and every bare lifecycle rule ID (`C5`, `B4`, `D2.3`) in src/, names a rule
 * that docs/rules defines, and nothing cites the shared notes outside the repository any more.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listSourceFiles } from "./import-graph.js";

const root = join(import.meta.dirname, "../..");
const rulesDir = join(root, "docs/rules");

/** The IDs a rules document defines: its headings (`### C5`, `## E. Probes`) and bold sub-rules (`**C5.1**`). */
export function definedRuleIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(/^#{2,4} ([A-Z0-9][0-9]*[a-z]?)\b/gm)) ids.add(match[1]!);
  for (const match of markdown.matchAll(/\*\*([A-Z][0-9]+(?:\.[0-9]+)?[a-z]?)\*\*/g)) ids.add(match[1]!);
  return ids;
}

/** Every `docs/rules/X.md §A1–A3, B2` citation in `source`: the document and the IDs it names. */
export function findCitations(source: string): { doc: string; ids: string[] }[] {
  const citations: { doc: string; ids: string[] }[] = [];
  for (const match of source.matchAll(
    /docs\/rules\/([a-z-]+\.md)`?((?: ?(?:§|, §?|–)[A-Z0-9][0-9]*(?:\.[0-9]+)?[a-z]?)*)/g,
  )) {
    const ids = [...match[2]!.matchAll(/[A-Z0-9][0-9]*(?:\.[0-9]+)?[a-z]?/g)].map((m) => m[0]);
    citations.push({ doc: match[1]!, ids });
  }
  return citations;
}

/** Bare lifecycle rule IDs such as `C5`, `D2.3`, `A14b` in `source`. */
export function findBareRuleIds(source: string): string[] {
  return [...source.matchAll(/(?<![\w.#§-])([A-J][0-9]{1,2}(?:\.[0-9])?b?)(?![\w-])/g)].map((m) => m[1]!);
}

const docs = new Map(
  readdirSync(rulesDir).map((name) => [name, definedRuleIds(readFileSync(join(rulesDir, name), "utf8"))]),
);
const sources = [
  ...listSourceFiles(join(root, "src")).map((file) => join("src", file)),
  ...listSourceFiles(join(root, "bench")).map((file) => join("bench", file)),
  "bench/README.md",
  "docs/architecture.md",
  "docs/lifecycle.md",
].map((path) => ({ path, text: readFileSync(join(root, path), "utf8") }));

describe("rule citations resolve inside the repository", () => {
  it("every docs/rules citation names a document and rules it defines", () => {
    const unresolved = sources.flatMap(({ path, text }) =>
      findCitations(text).flatMap(({ doc, ids }) => {
        const defined = docs.get(doc);
        if (!defined) return [`${path}: docs/rules/${doc} does not exist`];
        return ids.filter((id) => !defined.has(id)).map((id) => `${path}: docs/rules/${doc} has no §${id}`);
      }),
    );
    expect(unresolved).toEqual([]);
  });

  it("every bare lifecycle rule ID in src/ is defined in docs/rules/lifecycle.md", () => {
    const lifecycle = docs.get("lifecycle.md")!;
    const unresolved = sources
      .filter(({ path }) => path.startsWith("src/"))
      .flatMap(({ path, text }) => findBareRuleIds(text).map((id) => ({ path, id })))
      .filter(({ id }) => !lifecycle.has(id))
      .map(({ path, id }) => `${path}: ${id}`);
    expect(unresolved).toEqual([]);
  });

  it("nothing cites the shared notes outside the repository", () => {
    expect(
      sources
        .filter(({ text }) => /shared\/semantics|\.\.\/shared\/[\w-]+\.md/.test(text))
        .map((s) => s.path),
    ).toEqual([]);
  });

  it("the checker reads ranges and lists, and rejects a rule that is not there", () => {
    expect(findCitations("see docs/rules/lifecycle.md §G1–G4, G7 and more")).toEqual([
      { doc: "lifecycle.md", ids: ["G1", "G4", "G7"] },
    ]);
    expect(definedRuleIds("### C5\n- **C5.1** preStop\n## E. Probes\n")).toEqual(
      new Set(["C5", "C5.1", "E"]),
    );
    expect(findBareRuleIds("restart per B1/B3 (C5.2, A14b); not E2E or x86")).toEqual([
      "B1",
      "B3",
      "C5.2",
      "A14b",
    ]);
    expect(docs.get("lifecycle.md")?.has("Z9")).toBe(false);
  });
});
