/**
 * How far one manifest may go before decoding refuses it, so a hostile or broken input is a
 * one-line error (exit 2) rather than a stack overflow, a memory blow-up or a terminal full of
 * echoed text (docs/guarantees.md).
 *
 * apimachinery's JSON scanner refuses nesting deeper than 10 000 levels ("exceeded max depth",
 * sigs.k8s.io/json internal/golang/encoding/json/scanner.go). Node's own recursion
 * (structuredClone, JSON.stringify) overflows well before that, near 1 500 levels, so podvisor
 * stops at 512: real manifests nest a few dozen levels deep. go-yaml v3 bounds alias expansion by
 * a ratio of decode work ("document contains excessive aliasing"); podvisor bounds it by the
 * number of values the document expands to.
 */
export const maxNestingDepth = 512;
/** The `yaml` library's own guard (uses × anchored size); generous, the expansion bound below is the real one. */
export const maxYamlAliasCount = 100_000;
/** Values (scalars and collections) one document may expand to through aliases. */
export const maxExpandedValues = 1_000_000;
/** The most characters of user input an error message quotes. */
export const excerptChars = 200;

/** `"abc…" (5000000 characters)`: at most `excerptChars` of `text`, JSON-quoted. */
export function quoteExcerpt(text: string): string {
  if (text.length <= excerptChars) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, excerptChars)}…`)} (${text.length} characters)`;
}

/** `text` cut to `maxChars` with an ellipsis, unquoted. */
export function shorten(text: string, maxChars = excerptChars): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

/** Any value, shortened to a quotable excerpt (objects as their JSON). */
export function excerptValue(value: unknown): string {
  if (typeof value === "string") return quoteExcerpt(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  const json = JSON.stringify(value) ?? typeof value;
  return json.length <= excerptChars ? json : `${json.slice(0, excerptChars)}… (${json.length} characters)`;
}

/**
 * Whether `value` expands to more than `maxExpandedValues` values when every shared (aliased)
 * part is counted each time it appears, as any consumer walking it would. Iterative and bounded:
 * it stops counting at the limit.
 */
export function expandsTooFar(value: unknown): boolean {
  const pending: unknown[] = [value];
  let visited = 0;
  while (pending.length > 0) {
    const next = pending.pop();
    if (++visited > maxExpandedValues) return true;
    // A loop, not push(...items): spreading a huge array would overflow the argument stack.
    const children: readonly unknown[] = Array.isArray(next)
      ? (next as readonly unknown[])
      : typeof next === "object" && next !== null
        ? Object.values(next as Record<string, unknown>)
        : [];
    for (const child of children) pending.push(child);
  }
  return false;
}
