/**
 * The kubelet's credential keyring for a pod's imagePullSecrets (pkg/credentialprovider:
 * keyring.go `BasicDockerKeyring.Add` / `Lookup`, config.go's docker config decoding), so that
 * each image is pulled with the logins the kubelet would try, in its order.
 */
import { decodeBase64 } from "../api/index.js";
import { registryUrlMatches } from "./registry-url-match.js";

/** One registry login the kubelet sends with a pull (its AuthConfig as keyring.go fills it). */
export interface RegistryAuth {
  username: string;
  password: string;
  email?: string;
}

/** Registry key ("host[:port][/path]") → the logins given for it, in the order they were added. */
export interface DockerKeyring {
  /** Keys reverse-sorted, so that a more specific path is tried before its host. */
  index: string[];
  credentials: Map<string, RegistryAuth[]>;
}

/** A docker config's entries: `.dockercfg` itself, or the `auths` of a `.dockerconfigjson`. */
export type DockerConfig = Record<string, RegistryAuth>;

const DEFAULT_REGISTRY_HOST = "index.docker.io";

/**
 * `BasicDockerKeyring.Add` of several configs: a key's scheme goes, a `/v1/` or `/v2/` path counts
 * as none (`https://index.docker.io/v1/` is `index.docker.io`), any other path stays.
 */
export function buildDockerKeyring(configs: readonly DockerConfig[]): DockerKeyring {
  const credentials = new Map<string, RegistryAuth[]>();
  for (const config of configs) {
    for (const [location, auth] of Object.entries(config)) {
      const key = registryKey(location);
      if (key === undefined) continue;
      credentials.set(key, [...(credentials.get(key) ?? []), auth]);
    }
  }
  const index = [...credentials.keys()].sort().reverse();
  return { index, credentials };
}

function registryKey(location: string): string | undefined {
  const url = /^https?:\/\//.test(location) ? location : `https://${location}`;
  const afterScheme = url.slice(url.indexOf("//") + 2);
  const slash = afterScheme.indexOf("/");
  const host = slash === -1 ? afterScheme : afterScheme.slice(0, slash);
  if (host === "" && slash === -1) return undefined;
  let path = slash === -1 ? "" : afterScheme.slice(slash).replace(/[?#].*$/, "");
  if (path.startsWith("/v2/") || path.startsWith("/v1/")) path = path.slice(3);
  return path !== "" && path !== "/" ? host + path : host;
}

/**
 * `Lookup(repository)`: the logins of every key that matches, most specific first; failing any,
 * Docker Hub's (`index.docker.io`) for an image that is pulled from Docker Hub. The kubelet tries
 * them in this order until a pull succeeds; none: an anonymous pull.
 */
export function lookupDockerKeyring(keyring: DockerKeyring, repository: string): RegistryAuth[] {
  const found = keyring.index.flatMap((key) =>
    registryUrlMatches(key, repository) ? (keyring.credentials.get(key) ?? []) : [],
  );
  if (found.length > 0) return found;
  if (isDefaultRegistryMatch(repository)) return keyring.credentials.get(DEFAULT_REGISTRY_HOST) ?? [];
  return [];
}

/** keyring.go `isDefaultRegistryMatch`: no host-like first component, or docker.io / index.docker.io. */
export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf("/");
  const first = slash === -1 ? image : image.slice(0, slash);
  if (first === "") return false;
  if (slash === -1) return true;
  if (first === "docker.io" || first === DEFAULT_REGISTRY_HOST) return true;
  return !/[.:]/.test(first);
}

/**
 * The repository the kubelet looks logins up for (parsers.ParseImageName: distribution/reference
 * `ParseNormalizedNamed(image).Name()`): tag and digest dropped, Docker Hub spelt `docker.io`,
 * its official images under `library/` — `nginx:1` is `docker.io/library/nginx`.
 */
export function normalizedRepository(image: string): string {
  let name = image;
  const at = name.indexOf("@");
  if (at !== -1) name = name.slice(0, at);
  const lastColon = name.lastIndexOf(":");
  if (lastColon > name.lastIndexOf("/")) name = name.slice(0, lastColon);
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const isHost =
    slash !== -1 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  let domain = isHost ? first : "docker.io";
  let remainder = isHost ? name.slice(slash + 1) : name;
  if (domain === DEFAULT_REGISTRY_HOST) domain = "docker.io";
  if (domain === "docker.io" && !remainder.includes("/")) remainder = `library/${remainder}`;
  return `${domain}/${remainder}`;
}

/**
 * config.go `decodeDockerConfigFieldAuth`: base64 of "user:password", padded (when it ends in
 * "=") or not; line breaks are skipped, anything else that is not base64 is an error.
 */
export function decodeAuthField(field: string): { username: string; password: string } | undefined {
  const text = field.replace(/[\r\n]/g, "");
  const isPadded = field.trim().endsWith("=");
  if (!isPadded && (text.includes("=") || text.length % 4 === 1)) return undefined;
  const padded = isPadded ? text : text + "=".repeat((4 - (text.length % 4)) % 4);
  const bytes = decodeBase64(padded);
  if (bytes === undefined) return undefined;
  const decoded = new TextDecoder().decode(bytes);
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
