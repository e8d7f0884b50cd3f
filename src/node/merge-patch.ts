/**
 * A JSON merge patch (RFC 7386) from one object to another: changed and added fields as they
 * are, removed fields as null, nested objects recursively, arrays whole: the node's status patch
 * (pod-status-patch.ts) is this for every field but the lists the API merges by key.
 */
import { isRecord, type Fields } from "../api/index.js";

export function createMergePatch(from: Fields, to: Fields): Fields {
  const patch: Fields = {};
  for (const key of Object.keys(from)) if (!(key in to) || to[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const before = from[key];
    if (isRecord(before) && isRecord(value)) {
      const nested = createMergePatch(before, value);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (JSON.stringify(before) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}
