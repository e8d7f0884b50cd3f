/**
 * Manifest decoding: JSON or multi-document YAML into plain objects, every field kept. YAML is read
 * with 1.1 rules as Kubernetes' sigs.k8s.io/yaml (go-yaml v2) does, so `defaultMode: 0644` is
 * octal 420 and `yes` a boolean, but timestamps stay strings. `kind: List` items are flattened.
 */
import { parseAllDocuments, type YAMLError } from "yaml";
import { isRecord } from "./validation/shape.js";

export interface ManifestSource {
  /** How errors name the source: a file path, or "<stdin>". */
  name: string;
  text: string;
}

export interface KindRef {
  apiVersion: string;
  kind: string;
}

export interface DecodedObject {
  source: string;
  apiVersion: string;
  kind: string;
  /** The whole object as decoded, unknown fields included. */
  object: Record<string, unknown>;
}

/** The kinds `podvisor run` accepts. */
export const runKinds: readonly KindRef[] = [
  { apiVersion: "v1", kind: "Pod" },
  { apiVersion: "batch/v1", kind: "Job" },
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "Secret" },
];

export interface DecodeOptions {
  /** Kinds passed through; others are errors. Default: runKinds. */
  accept?: readonly KindRef[];
  /** The command named in the "kind not supported" error. Default: "podvisor run". */
  command?: string;
  /** Pass every kind through (`podvisor inject` copies the kinds it does not touch). */
  acceptAnyKind?: boolean;
}

export function decodeManifests(
  sources: readonly ManifestSource[],
  options: DecodeOptions = {},
): { objects: DecodedObject[]; errors: string[] } {
  const accept = options.accept ?? runKinds;
  const command = options.command ?? "podvisor run";
  const acceptAny = options.acceptAnyKind === true;
  const objects: DecodedObject[] = [];
  const errors: string[] = [];
  for (const source of sources) {
    const parsed = parseSource(source);
    errors.push(...parsed.errors);
    for (const value of parsed.values)
      collect(value, source.name, { accept, acceptAny, command, objects, errors });
  }
  return { objects, errors };
}

function collect(
  value: unknown,
  source: string,
  out: {
    accept: readonly KindRef[];
    acceptAny: boolean;
    command: string;
    objects: DecodedObject[];
    errors: string[];
  },
): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value)) {
    out.errors.push(
      `${source}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${Array.isArray(value) ? "a sequence" : JSON.stringify(value)}`,
    );
    return;
  }
  const { apiVersion, kind } = value;
  const name =
    isRecord(value.metadata) && typeof value.metadata.name === "string" ? value.metadata.name : undefined;
  const missing = [
    typeof apiVersion === "string" && apiVersion ? "" : "apiVersion not set",
    typeof kind === "string" && kind ? "" : "kind not set",
  ].filter(Boolean);
  if (missing.length > 0 || typeof apiVersion !== "string" || typeof kind !== "string") {
    out.errors.push(
      `${source}: ${name === undefined ? "object" : `object "${name}"`}: ${missing.join(", ")}`,
    );
    return;
  }
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(value.items))) {
    if (!Array.isArray(value.items)) {
      out.errors.push(`${source}: ${apiVersion}/${kind}: items must be a list`);
      return;
    }
    for (const item of value.items) collect(item, source, out);
    return;
  }
  if (!out.acceptAny && !out.accept.some((ref) => ref.apiVersion === apiVersion && ref.kind === kind)) {
    const supported = out.accept.map((ref) => `${ref.apiVersion} ${ref.kind}`).join(", ");
    out.errors.push(
      `${source}: ${apiVersion}/${kind} "${name ?? ""}": kind not supported by ${out.command} (supported: ${supported})`,
    );
    return;
  }
  out.objects.push({ source, apiVersion, kind, object: value });
}

function parseSource(source: ManifestSource): { values: unknown[]; errors: string[] } {
  if (source.name.endsWith(".json")) return parseJson(source);
  // JSON from stdin or a .yaml name: take it as JSON when it parses, else as YAML (a flow mapping).
  if (source.text.trimStart().startsWith("{")) {
    const json = parseJson(source);
    if (json.errors.length === 0) return json;
  }
  const values: unknown[] = [];
  const errors: string[] = [];
  const documents = parseAllDocuments(source.text, {
    version: "1.1",
    // go-yaml v2 decodes timestamps into interface{} as strings: keep them strings.
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:timestamp"),
  });
  for (const document of documents) {
    const first = document.errors[0];
    if (first) {
      errors.push(formatYamlError(source.name, first));
      continue;
    }
    values.push(document.toJS({ maxAliasCount: 100 }));
  }
  return { values, errors };
}

function formatYamlError(name: string, error: YAMLError): string {
  const position = error.linePos?.[0];
  const message = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.message;
  return position ? `${name}:${position.line}:${position.col}: ${message}` : `${name}: ${message}`;
}

function parseJson(source: ManifestSource): { values: unknown[]; errors: string[] } {
  try {
    return { values: [JSON.parse(source.text)], errors: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    if (offset === undefined) return { values: [], errors: [`${source.name}: ${message}`] };
    const before = source.text.slice(0, Number(offset));
    const line = before.split("\n").length;
    const col = Number(offset) - before.lastIndexOf("\n");
    const detail = message
      .replace(/ in JSON at position \d+.*$/, "")
      .replace(/ \(line \d+ column \d+\)$/, "");
    return { values: [], errors: [`${source.name}:${line}:${col}: ${detail}`] };
  }
}
