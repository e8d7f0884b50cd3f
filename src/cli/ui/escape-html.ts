/**
 * Everything the UI puts into a page (pod and container names, status cells, messages) comes
 * from manifests and containers, so it is escaped for HTML text and attribute values alike.
 */
const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
