/**
 * Secret and ConfigMap defaults: `type` Opaque, and `stringData` merged into `data` as base64,
 * overriding `data` keys, then dropped (it is write-only; the API server does this on write).
 */
import { encodeBase64Text } from "../base64.js";
import { isRecord, type Fields } from "../validation/shape.js";
import type { DefaultingContext } from "./defaulting-context.js";
import { defaultObjectMeta } from "./object-meta-defaults.js";

export function defaultSecret(secret: Fields, context: DefaultingContext): void {
  defaultObjectMeta(secret, context);
  if (secret.type === undefined || secret.type === "") secret.type = "Opaque";
  const stringData = secret.stringData;
  if (!isRecord(stringData) || !Object.values(stringData).every((v) => typeof v === "string")) return;
  if (secret.data === undefined || secret.data === null) secret.data = {};
  if (!isRecord(secret.data)) return;
  for (const [key, value] of Object.entries(stringData)) secret.data[key] = encodeBase64Text(value as string);
  delete secret.stringData;
}

export function defaultConfigMap(configMap: Fields, context: DefaultingContext): void {
  defaultObjectMeta(configMap, context);
}
