/**
 * `-f` inputs → manifest sources, as `kubectl apply -f` reads them: a file as is, a directory's
 * `.yaml`/`.yml`/`.json` files in name order (its subdirectories only with `recursive`), `-` for
 * stdin (read once, however often it is named). Paths that do not exist are collected and reported
 * together as one InvalidInputError.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ManifestSource } from "../api/index.js";
import { InvalidInputError } from "../shared/index.js";

const manifestExtensions = [".yaml", ".yml", ".json"];
export const stdinName = "<stdin>";

export async function readManifestSources(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
  options: { recursive?: boolean } = {},
): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  const problems: string[] = [];
  let stdinText: string | undefined;
  for (const path of paths) {
    if (path === "-") {
      stdinText ??= await readStream(stdin);
      sources.push({ name: stdinName, text: stdinText });
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch {
      problems.push(`the path "${path}" does not exist`);
      continue;
    }
    if (!isDirectory) {
      sources.push({ name: path, text: await readText(path) });
      continue;
    }
    for (const file of await listManifestFiles(path, options.recursive === true))
      sources.push({ name: file, text: await readText(file) });
  }
  if (problems.length > 0) throw new InvalidInputError(problems.join("; "), problems);
  return sources;
}

async function listManifestFiles(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await listManifestFiles(path, true)));
    } else if (manifestExtensions.some((ext) => entry.name.endsWith(ext))) {
      files.push(path);
    }
  }
  return files;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InvalidInputError(
      `cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
