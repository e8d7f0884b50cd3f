/**
 * Standard base64 (Go's `encoding/base64.StdEncoding`, padded), as Secret `data` is carried on the
 * wire. Pure: uses the `atob`/`btoa` globals, no `node:buffer`.
 */

/**
 * Bytes become a binary string a chunk at a time: appending one character per byte made a string
 * object per byte, ~30 bytes of garbage per byte encoded (a webhook's JSON patch of 2 KB left
 * 60 KB, the largest part of what an admission allocated; issue 12).
 */
const chunkBytes = 8192;

export function encodeBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes)
    // apply takes the typed array as it is; a spread would step an iterator through every byte.
    chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + chunkBytes) as unknown as number[]));
  return btoa(chunks.join(""));
}

export function encodeBase64Text(text: string): string {
  // ASCII is its own UTF-8 and already a binary string.
  if (!/[\u0080-\uffff]/.test(text)) return btoa(text);
  return encodeBase64(new TextEncoder().encode(text));
}

/** The decoded bytes, or `undefined` when `text` is not padded standard base64. */
export function decodeBase64(encoded: string): Uint8Array | undefined {
  // Go's decoder skips line breaks, so wrapped `base64` output is accepted.
  const text = encoded.replace(/[\r\n]/g, "");
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
