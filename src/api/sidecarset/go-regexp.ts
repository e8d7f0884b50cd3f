/**
 * Go (RE2) regular expressions in JavaScript, for the SidecarSet fields Kruise reads with Go's
 * `regexp` (the patchPodMetadata whitelist, `resourcesPolicy.targetContainersNameRegex`).
 */
/**
 * A Go (RE2) regular expression as a JavaScript one: the common syntax is the same; a leading
 * flag group `(?i)`, `(?s)`, `(?m)` becomes the JavaScript flag. Returns the error text otherwise.
 */
export function compileGoRegexp(expr: string): RegExp | string {
  const flagGroup = /^\(\?([imsU]+)\)/.exec(expr);
  let flags = "";
  let source = expr;
  if (flagGroup) {
    const goFlags = flagGroup[1] ?? "";
    if (goFlags.includes("U")) return "the (?U) flag is not supported by podvisor";
    flags = [...new Set(goFlags)].join("");
    source = expr.slice(flagGroup[0].length);
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}
