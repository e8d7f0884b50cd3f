/**
 * Standard base64 (Go's `encoding/base64.StdEncoding`, padded), as Secret `data` is carried on the
 * wire. Pure: uses the `atob`/`btoa` globals, no `node:buffer`.
 */

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function encodeBase64Text(text: string): string {
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
