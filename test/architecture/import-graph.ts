/**
 * Reads the import graph of src/: every relative `import`/`export … from`/`import()` of every
 * TypeScript file, resolved to the file it names. Type-only imports count: they are dependencies
 * too. The boundary rules (boundary-rules.ts) judge the edges; this file only reads them.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, posix, relative } from "node:path";

export interface ImportEdge {
  /** The importing file, relative to src/, e.g. "agent/pod-worker.ts". */
  from: string;
  /** The imported file, relative to src/, e.g. "lifecycle/index.ts". */
  to: string;
  /** 1-based line of the import, for the report. */
  line: number;
}

const importPattern = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)"(\.{1,2}\/[^"]+)"/gm;

/** Every relative import in `source` (the text of `file`, a path relative to src/). */
export function parseImports(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[1]!;
    const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, ".ts");
    const line = source.slice(0, match.index).split("\n").length;
    edges.push({ from: file, to: target, line });
  }
  return edges;
}

/** All TypeScript files under `root`, relative to it, with forward slashes. */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(relative(root, path).split("\\").join("/"));
    }
  };
  walk(root);
  return files.sort();
}

/** The import graph of every TypeScript file under `root`. */
export function readImportGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const files = listSourceFiles(root);
  const edges = files.flatMap((file) => parseImports(file, readFileSync(join(root, file), "utf8")));
  return { files, edges };
}
