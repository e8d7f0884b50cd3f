/**
 * Whether a registry key of a docker config matches an image, as the kubelet's credential keyring
 * decides it (pkg/credentialprovider/keyring.go `URLsMatch`): the same port, the same number of
 * host labels, each label a glob (`*.example.com`), and the key's path a prefix of the image's.
 * Both sides are schemeless ("host[:port][/path]").
 */

interface SchemelessUrl {
  labels: string[];
  port: string;
  path: string;
}

/** keyring.go `URLsMatchStr(glob, target)`. */
export function registryUrlMatches(glob: string, target: string): boolean {
  const globUrl = parseSchemelessUrl(glob);
  const targetUrl = parseSchemelessUrl(target);
  if (globUrl.port !== targetUrl.port) return false;
  if (globUrl.labels.length !== targetUrl.labels.length) return false;
  if (!targetUrl.path.startsWith(globUrl.path)) return false;
  return globUrl.labels.every((label, i) => globMatches(label, targetUrl.labels[i] ?? ""));
}

/** url.Parse("https://" + s) then `SplitURL`: the host splits at "." after net.SplitHostPort. */
function parseSchemelessUrl(text: string): SchemelessUrl {
  const end = text.search(/[/?#]/);
  const host = end === -1 ? text : text.slice(0, end);
  const rest = end === -1 ? "" : text.slice(end);
  const path = rest.startsWith("/") ? rest.replace(/[?#].*$/, "") : "";
  const [hostname, port] = splitHostPort(host);
  return { labels: hostname.split("."), port, path };
}

/** net.SplitHostPort; on its error (no port, too many colons) the whole host and no port. */
function splitHostPort(host: string): [string, string] {
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close !== -1 && host[close + 1] === ":" && !host.slice(close + 2).includes(":"))
      return [host.slice(1, close), host.slice(close + 2)];
    return [host, ""];
  }
  const colon = host.indexOf(":");
  if (colon === -1 || host.indexOf(":", colon + 1) !== -1) return [host, ""];
  return [host.slice(0, colon), host.slice(colon + 1)];
}

/**
 * Go's `filepath.Match` on one host label: `*` any run of characters, `?` one, `[...]` a class
 * (ranges, `^` negation), `\` escapes. A malformed pattern matches nothing (Go returns an error,
 * which the keyring reads as no match).
 */
export function globMatches(pattern: string, name: string): boolean {
  let source = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else if (c === "\\") {
      const next = pattern[++i];
      if (next === undefined) return false;
      source += escapeRegExp(next);
    } else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close === -1) return false;
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith("^");
      if (negated) body = body.slice(1);
      if (body === "") return false;
      source += `[${negated ? "^" : ""}${body.replace(/[\]\\^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else source += escapeRegExp(c);
  }
  try {
    return new RegExp(`${source}$`, "s").test(name);
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
