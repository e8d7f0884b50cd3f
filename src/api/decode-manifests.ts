/**
 * Manifest decoding: JSON or multi-document YAML into plain objects, every field kept. YAML is read
 * with 1.1 rules as Kubernetes' sigs.k8s.io/yaml (go-yaml v2) does, so `defaultMode: 0644` is
 * octal 420 and `yes` a boolean, but timestamps stay strings. `kind: List` items are flattened.
 */
import { isAlias, isCollection, isPair, parseAllDocuments, type Document, type YAMLError } from "yaml";
import { isRecord } from "./validation/shape.js";
import { scanJsonStructure } from "./json-structure.js";
import { closestName } from "./schema/closest-name.js";
import {
  excerptValue,
  expandsTooFar,
  maxNestingDepth,
  maxYamlAliasCount,
  quoteExcerpt,
  shorten,
} from "./manifest-limits.js";

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
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "apps/v1", kind: "ReplicaSet" },
  { apiVersion: "apps/v1", kind: "StatefulSet" },
  { apiVersion: "apps/v1", kind: "DaemonSet" },
  { apiVersion: "v1", kind: "ReplicationController" },
  { apiVersion: "batch/v1", kind: "CronJob" },
];

export interface DecodeOptions {
  /** Kinds passed through; others are errors. Default: runKinds. */
  accept?: readonly KindRef[];
  /** The command named in the "kind not supported" error. Default: "podvisor run". */
  command?: string;
  /** Pass every kind through (`podvisor inject` copies the kinds it does not touch). */
  acceptAnyKind?: boolean;
  /**
   * Pass kinds outside `accept` through as `notRun` (Services, Ingresses, custom resources: the
   * input of `podvisor run` may hold them), unless the kind is a near miss of an accepted one.
   */
  passOtherKinds?: boolean;
  /**
   * Keys given twice in one mapping: an error (kubectl's default strict field validation), a
   * warning (`--validate=warn`), or silently the last one wins (`--validate=ignore`).
   */
  duplicateFields?: FieldValidation;
}

/** kubectl's `--validate`: what unknown and duplicate fields are. */
export type FieldValidation = "strict" | "warn" | "ignore";

export function decodeManifests(
  sources: readonly ManifestSource[],
  options: DecodeOptions = {},
): { objects: DecodedObject[]; errors: string[]; warnings: string[]; notRun: DecodedObject[] } {
  const accept = options.accept ?? runKinds;
  const command = options.command ?? "podvisor run";
  const acceptAny = options.acceptAnyKind === true;
  const duplicates = options.duplicateFields ?? "strict";
  const objects: DecodedObject[] = [];
  const notRun: DecodedObject[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const passOthers = options.passOtherKinds === true;
  for (const source of sources) {
    const parsed = parseSource(source);
    errors.push(...parsed.errors);
    for (const document of parsed.documents) {
      // Strict: a document with a key given twice is refused, as the API server refuses it.
      if (duplicates === "strict" && document.duplicates.length > 0) {
        errors.push(...document.duplicates);
        continue;
      }
      if (duplicates === "warn") warnings.push(...document.duplicates);
      collect(document.value, source.name, {
        accept,
        acceptAny,
        passOthers,
        command,
        objects,
        notRun,
        errors,
      });
    }
  }
  return { objects, errors, warnings, notRun };
}

function collect(
  value: unknown,
  source: string,
  out: {
    accept: readonly KindRef[];
    acceptAny: boolean;
    passOthers: boolean;
    command: string;
    objects: DecodedObject[];
    notRun: DecodedObject[];
    errors: string[];
  },
): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value)) {
    out.errors.push(
      `${source}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${Array.isArray(value) ? "a sequence" : excerptValue(value)}`,
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
      `${source}: ${name === undefined ? "object" : `object ${quoteExcerpt(name)}`}: ${missing.join(", ")}`,
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
    const sameKind = out.accept.some((ref) => ref.kind === kind);
    const nearMiss = closestName(
      kind,
      out.accept.map((ref) => ref.kind),
    );
    if (out.passOthers && !sameKind && nearMiss === undefined) {
      out.notRun.push({ source, apiVersion, kind, object: value });
      return;
    }
    const supported = out.accept.map((ref) => `${ref.apiVersion} ${ref.kind}`).join(", ");
    out.errors.push(
      `${source}: ${shorten(apiVersion)}/${shorten(kind)} ${quoteExcerpt(name ?? "")}: kind not supported by ${out.command} (supported: ${supported})`,
    );
    return;
  }
  out.objects.push({ source, apiVersion, kind, object: value });
}

interface Parsed {
  documents: {
    value: unknown;
    /** `file:line:col: duplicate field "path"`, for the caller to treat as `duplicateFields` says. */
    duplicates: string[];
  }[];
  errors: string[];
}

function parseSource(source: ManifestSource): Parsed {
  if (source.name.endsWith(".json")) return parseJson(source);
  // JSON from stdin or a .yaml name: take it as JSON when it parses, else as YAML (a flow mapping).
  if (source.text.trimStart().startsWith("{")) {
    const json = parseJson(source);
    if (json.errors.length === 0) return json;
  }
  const parsed: Parsed = { documents: [], errors: [] };
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(source.text, {
      version: "1.1",
      // go-yaml v2 decodes timestamps into interface{} as strings: keep them strings.
      customTags: (tags) =>
        tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:timestamp"),
    }) as Document.Parsed[];
  } catch (error) {
    parsed.errors.push(`${source.name}: ${describeParserFault(error)}`);
    return parsed;
  }
  for (const document of documents) {
    const duplicates = document.errors.filter((error) => error.code === "DUPLICATE_KEY");
    const first = document.errors.find((error) => error.code !== "DUPLICATE_KEY");
    if (first) {
      parsed.errors.push(formatYamlError(source.name, first));
      continue;
    }
    const tooDeep = firstTooDeepOffset(document);
    if (tooDeep !== undefined) {
      parsed.errors.push(`${source.name}:${positionOf(source.text, tooDeep)}: ${tooDeepMessage}`);
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: maxYamlAliasCount });
    } catch (error) {
      parsed.errors.push(
        `${source.name}:${positionOf(source.text, firstAliasOffset(document))}: ${describeParserFault(error)}`,
      );
      continue;
    }
    if (expandsTooFar(value)) {
      parsed.errors.push(
        `${source.name}:${positionOf(source.text, firstAliasOffset(document))}: ${aliasMessage}`,
      );
      continue;
    }
    parsed.documents.push({
      value,
      duplicates: duplicates.map((error) =>
        formatYamlError(source.name, error, "duplicate field (a key given twice)"),
      ),
    });
  }
  return parsed;
}

const tooDeepMessage = `exceeded max depth (nesting deeper than ${maxNestingDepth} levels)`;
const aliasMessage = "document contains excessive aliasing";

function describeParserFault(error: unknown): string {
  if (error instanceof RangeError) return tooDeepMessage;
  if (error instanceof ReferenceError && /alias/i.test(error.message)) return aliasMessage;
  return error instanceof Error ? error.message : String(error);
}

/** The start of the first collection nested deeper than `maxNestingDepth`, walking iteratively. */
function firstTooDeepOffset(document: Document.Parsed): number | undefined {
  const pending: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (isPair(node)) {
      pending.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isCollection(node)) {
      if (depth >= maxNestingDepth) return node.range?.[0] ?? 0;
      for (const item of node.items) pending.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function firstAliasOffset(document: Document.Parsed): number {
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isAlias(node)) return node.range?.[0] ?? 0;
    if (isPair(node)) pending.push(node.value, node.key);
    else if (isCollection(node)) pending.push(...[...node.items].reverse());
  }
  return document.range[0];
}

/** `line:col`, both from 1. */
function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `${line}:${offset - before.lastIndexOf("\n")}`;
}

function formatYamlError(name: string, error: YAMLError, replacement?: string): string {
  const position = error.linePos?.[0];
  const firstLine = error.message.split("\n")[0] ?? error.message;
  const message =
    replacement ??
    (/Maximum call stack/.test(firstLine)
      ? tooDeepMessage
      : firstLine.replace(/ at line \d+, column \d+:?$/, ""));
  return position ? `${name}:${position.line}:${position.col}: ${message}` : `${name}: ${message}`;
}

function parseJson(source: ManifestSource): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    if (offset === undefined) return { documents: [], errors: [`${source.name}: ${message}`] };
    const detail = message
      .replace(/ in JSON at position \d+.*$/, "")
      .replace(/ \(line \d+ column \d+\)$/, "");
    return {
      documents: [],
      errors: [`${source.name}:${positionOf(source.text, Number(offset))}: ${excerptJsonDetail(detail)}`],
    };
  }
  const structure = scanJsonStructure(source.text);
  if (structure.tooDeepAt !== undefined)
    return {
      documents: [],
      errors: [`${source.name}:${positionOf(source.text, structure.tooDeepAt)}: ${tooDeepMessage}`],
    };
  const duplicates = structure.duplicateKeys.map(
    ({ path, offset }) =>
      `${source.name}:${positionOf(source.text, offset)}: duplicate field ${quoteExcerpt(path)}`,
  );
  return { documents: [{ value, duplicates }], errors: [] };
}

/** V8 quotes the offending token, which may be long: keep a short excerpt. */
function excerptJsonDetail(detail: string): string {
  return shorten(detail, 120);
}
