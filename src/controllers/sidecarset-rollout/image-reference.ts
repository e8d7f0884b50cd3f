/**
 * Container image references as Kruise compares them (pkg/util/tools.go `ParseImage`,
 * `IsImageDigest`, `IsContainerImageEqual`), over the grammar of
 * github.com/distribution/reference `Parse` — not normalised, so `nginx` stays `nginx`. Used to
 * judge whether the kubelet already runs the image a pod spec asks for (docs/sidecarsets.md).
 */

export interface ImageReference {
  /** The name as written, domain and port included. */
  repo: string;
  tag: string;
  digest: string;
}

const pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const name = `(?:${host}(?::[0-9]+)?/)?${pathComponent}(?:/${pathComponent})*`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const referencePattern = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);

/** Hex lengths of the digest algorithms go-digest knows; any other algorithm is an error. */
const digestHexLength: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const maxNameLength = 255;

/** `undefined` where `reference.Parse` returns an error (Kruise then treats images as unequal). */
export function parseImageReference(image: string): ImageReference | undefined {
  const match = referencePattern.exec(image);
  if (match === null) return undefined;
  const [, repo = "", tagText = "", digestText = ""] = match;
  if (repo.length > maxNameLength) return undefined;
  if (digestText !== "") {
    const [algorithm = "", hex = ""] = digestText.split(":");
    if (digestHexLength[algorithm] !== hex.length || hex !== hex.toLowerCase()) return undefined;
  }
  return { repo, tag: tagText, digest: digestText };
}

/** `docker.io/busybox@sha256:…` names its content; a tag does not. */
export function isImageDigest(image: string): boolean {
  return (parseImageReference(image)?.digest ?? "") !== "";
}

/**
 * Two digest references are equal by repo and digest, anything else by repo and tag (a digest
 * and a tag never compare equal). An unparsable reference equals nothing.
 */
export function isContainerImageEqual(image1: string, image2: string): boolean {
  const a = parseImageReference(image1);
  const b = parseImageReference(image2);
  if (a === undefined || b === undefined) return false;
  if (a.digest !== "" && b.digest !== "") return a.repo === b.repo && a.digest === b.digest;
  return a.repo === b.repo && a.tag === b.tag;
}

/** The kubelet's imageID without its transport prefix (`docker-pullable://`), as Kruise reads it. */
export function stripImageIdScheme(imageId: string): string {
  const at = imageId.indexOf("://");
  if (at < 0) return imageId;
  // Go's strings.Split(id, "://")[1]: the text up to a second "://", if any.
  const rest = imageId.slice(at + 3);
  const next = rest.indexOf("://");
  return next < 0 ? rest : rest.slice(0, next);
}
