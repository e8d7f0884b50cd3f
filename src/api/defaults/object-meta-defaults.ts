/**
 * What the API server sets on create: namespace "default" (kubectl's), a generated name for
 * `generateName`, a fresh uid and creationTimestamp (both always overwritten, as on create).
 */
import { isRecord } from "../validation/shape.js";
import type { DefaultingContext } from "./defaulting-context.js";
import { formatTime } from "../format-time.js";

export function defaultObjectMeta(object: Record<string, unknown>, context: DefaultingContext): void {
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  const meta = object.metadata;
  if (!isRecord(meta)) return;
  if (meta.namespace === undefined || meta.namespace === "") meta.namespace = "default";
  if (
    (meta.name === undefined || meta.name === "") &&
    typeof meta.generateName === "string" &&
    meta.generateName !== ""
  ) {
    // names.SimpleNameGenerator: the prefix (cut to 58 characters) plus 5 random characters.
    const suffix = context
      .ids()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 5)
      .padEnd(5, "x");
    meta.name = meta.generateName.slice(0, 58) + suffix;
  }
  meta.uid = context.ids();
  meta.creationTimestamp = formatTime(context.nowMs);
}
