/**
 * SidecarSet revisions, exactly as Kruise's SidecarSet webhook stamps them into
 * `kruise.io/sidecarset-hash` and `kruise.io/sidecarset-hash-without-image`
 * (pkg/control/sidecarcontrol/hash.go): SHA-256 over the JSON of `{containers, initContainers}`
 * (initContainers only when one is a native sidecar), as Go marshals the typed containers
 * (go-json.ts), hex, then apimachinery's `rand.SafeEncodeString`. Kruise's hash_test.go vectors
 * hold (sidecarset-hash.test.ts).
 */
import { encodeSidecarContainer } from "./go-json.js";
import { sha256Hex } from "./sha256.js";

/** k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot spell words. */
const alphanums = "bcdfghjklmnpqrstvwxz2456789";

export function safeEncodeString(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += alphanums[text.charCodeAt(i) % alphanums.length] ?? "";
  return out;
}

/** `spec` is the defaulted SidecarSet spec as decoded (plain JSON). */
export function sidecarSetHash(spec: Readonly<Record<string, unknown>>): string {
  return hashOfEncoding(encodeSidecarSet(spec, false));
}

export function sidecarSetHashWithoutImage(spec: Readonly<Record<string, unknown>>): string {
  return hashOfEncoding(encodeSidecarSet(spec, true));
}

/**
 * The webhook hashes the same few SidecarSets for every pod it admits; the SHA-256 (in plain
 * TypeScript here, the core has no node:crypto) was a tenth of a review's time and much of its
 * garbage (issue 12). Keyed by the encoding itself, so a changed SidecarSet can never be served a
 * stale hash; bounded, so a long-running webhook does not grow with every revision it has seen.
 */
const hashByEncoding = new Map<string, string>();
const maxRememberedEncodings = 1024;

function hashOfEncoding(encoding: string): string {
  const known = hashByEncoding.get(encoding);
  if (known !== undefined) return known;
  if (hashByEncoding.size >= maxRememberedEncodings) hashByEncoding.clear();
  const hash = safeEncodeString(sha256Hex(encoding));
  hashByEncoding.set(encoding, hash);
  return hash;
}

/** Go: `json.Marshal(map[string]interface{}{"containers": ..., "initContainers": ...})`. */
export function encodeSidecarSet(spec: Readonly<Record<string, unknown>>, withoutImage: boolean): string {
  const encodeList = (list: unknown): string => {
    // A nil slice marshals as null, an empty one as [].
    if (!Array.isArray(list)) return "null";
    const items = list.map((container: unknown) => {
      if (!withoutImage || typeof container !== "object" || container === null) return container;
      const { image: _image, ...rest } = container as Record<string, unknown>;
      return rest;
    });
    return `[${items.map(encodeSidecarContainer).join(",")}]`;
  };
  const init = spec.initContainers;
  const hasNative =
    Array.isArray(init) &&
    init.some(
      (c: unknown) =>
        typeof c === "object" && c !== null && (c as Record<string, unknown>).restartPolicy === "Always",
    );
  const containers = `"containers":${encodeList(spec.containers)}`;
  return hasNative ? `{${containers},"initContainers":${encodeList(init)}}` : `{${containers}}`;
}
