/**
 * Text and attribute values for SVG and HTML: container names, reasons and event messages come
 * from manifests and programs, so every one is escaped, and the characters XML forbids (control
 * characters a crashing program may print) are dropped, or the browser would reject the picture.
 */
export function escapeMarkup(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;")
  );
}
