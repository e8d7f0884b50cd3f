/**
 * `controller.ComputeHash` (kubernetes pkg/controller/controller_utils.go): the
 * `pod-template-hash` label of a Deployment's ReplicaSets and the hash in a DaemonSet's
 * `controller-revision-hash` — FNV-32a over go-spew's dump of the template, then the
 * collisionCount as 8 little-endian bytes, the decimal sum re-spelt with `rand.SafeEncodeString`.
 */
import type { PodTemplateSpec } from "../../api/index.js";
import { dumpForHash } from "./go-spew-dump.js";

/** apimachinery `util/rand` alphanums: no vowels, no 0/1/3. */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export function computePodTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  const bytes = [...new TextEncoder().encode(dumpForHash("v1.PodTemplateSpec", template))];
  if (collisionCount !== undefined) {
    const count = collisionCount >>> 0;
    bytes.push(count & 0xff, (count >>> 8) & 0xff, (count >>> 16) & 0xff, count >>> 24, 0, 0, 0, 0);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

/** apimachinery `rand.SafeEncodeString`: each character becomes `alphanums[rune % 27]`. */
export function safeEncodeString(text: string): string {
  return [...text]
    .map((char) => SAFE_ALPHANUMS.charAt((char.codePointAt(0) ?? 0) % SAFE_ALPHANUMS.length))
    .join("");
}

/** hash/fnv New32a. */
export function fnv32a(bytes: Iterable<number>): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}
