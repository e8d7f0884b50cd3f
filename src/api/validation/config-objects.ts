/**
 * ConfigMap and Secret validation, after upstream `ValidateConfigMap` and `ValidateSecret`.
 * Secret `data` values must be standard base64; podvisor reports a bad one as a field error
 * (the API server fails decoding) without echoing the secret value.
 */
import { decodeBase64 } from "../base64.js";
import type { FieldError } from "../field-error.js";
import { isConfigMapKey } from "./names.js";
import { checkStringMap, invalid, readBoolean, readObject, readString } from "./shape.js";
import { validateObjectMeta } from "./object-meta.js";

const maxSecretSize = 1024 * 1024;

export function validateConfigMap(configMap: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(configMap, "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, "metadata", { requireName: true }));
  const data = checkStringMap(fields.data, "data", errors) ?? {};
  const binaryData = checkStringMap(fields.binaryData, "binaryData", errors) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errors.push(invalid(`data[${key}]`, key, msg));
    if (key in binaryData)
      errors.push(invalid(`data[${key}]`, key, "duplicate of key present in binaryData"));
    size += value.length;
  }
  for (const [key, value] of Object.entries(binaryData)) {
    for (const msg of isConfigMapKey(key)) errors.push(invalid(`binaryData[${key}]`, key, msg));
    if (key in data) errors.push(invalid(`binaryData[${key}]`, key, "duplicate of key present in data"));
    if (!decodeBase64(value))
      errors.push({ type: "Invalid", path: `binaryData[${key}]`, detail: "must be base64-encoded" });
    size += value.length;
  }
  if (size > maxSecretSize)
    errors.push({ type: "TooLong", path: "", detail: `may not be more than ${maxSecretSize} bytes` });
  readBoolean(fields.immutable, "immutable", errors);
  return errors;
}

export function validateSecret(secret: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fields = readObject(secret, "<root>", errors);
  if (!fields) return errors;
  errors.push(...validateObjectMeta(fields.metadata, "metadata", { requireName: true }));
  const data = checkStringMap(fields.data, "data", errors) ?? {};
  checkStringMap(fields.stringData, "stringData", errors);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errors.push(invalid(`data[${key}]`, key, msg));
    const bytes = decodeBase64(value);
    if (!bytes)
      errors.push({
        type: "Invalid",
        path: `data[${key}]`,
        detail: "must be base64-encoded (value not shown)",
      });
    size += bytes?.length ?? 0;
  }
  if (size > maxSecretSize)
    errors.push({ type: "TooLong", path: "data", detail: `may not be more than ${maxSecretSize} bytes` });
  const type = readString(fields.type, "type", errors);
  const requiredKeys: Record<string, string[]> = {
    "kubernetes.io/tls": ["tls.crt", "tls.key"],
    "kubernetes.io/ssh-auth": ["ssh-privatekey"],
    "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
    "kubernetes.io/dockercfg": [".dockercfg"],
  };
  for (const key of (type && requiredKeys[type]) || [])
    if (!(key in data)) errors.push({ type: "Required", path: `data[${key}]` });
  if (type === "kubernetes.io/basic-auth" && !("username" in data) && !("password" in data))
    errors.push({ type: "Required", path: "data[username]" });
  readBoolean(fields.immutable, "immutable", errors);
  return errors;
}
