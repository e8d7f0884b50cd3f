/**
 * Container output podvisor prefixes and prints to a terminal must not be able to drive that
 * terminal (clear it, retitle it, write the clipboard through OSC 52, hide text with bidi
 * overrides): control characters (0x00–0x1f, 0x80–0x9f) except tab, DEL and the bidi controls are shown as visible
 * escapes (`\x1b`, `\u202e`). `podvisor logs` prints the bytes as stored, as `kubectl logs` does.
 */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function neutralizeControls(text: string): string {
  return text.replace(controls, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
