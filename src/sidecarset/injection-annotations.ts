/**
 * The annotations Kruise writes on an injected pod (buildSidecars): `kruise.io/sidecarset-hash`
 * and `kruise.io/sidecarset-hash-without-image`, JSON maps from SidecarSet name to
 * `SidecarSetUpgradeSpec` (Go field order: updateTimestamp, hash, sidecarSetName, sidecarList,
 * controllerRevision), keys sorted as Go marshals maps; and `kruise.io/sidecarset-injected-list`,
 * the sorted, comma-separated names. Existing entries are kept, and the pre-1.0 format (a map
 * of plain hash strings) is read as Kruise reads it.
 */
export interface UpgradeSpec {
  updateTimestamp: string | null;
  hash: string;
  sidecarSetName: string;
  sidecarList: string[] | null;
  controllerRevision?: string;
}

export function parseUpgradeSpecs(text: string | undefined): Map<string, UpgradeSpec> | undefined {
  const specs = new Map<string, UpgradeSpec>();
  if (text === undefined || text === "") return specs;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === "string") {
      specs.set(name, { updateTimestamp: null, hash: value, sidecarSetName: name, sidecarList: null });
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      specs.set(name, {
        updateTimestamp: typeof v.updateTimestamp === "string" ? v.updateTimestamp : null,
        hash: typeof v.hash === "string" ? v.hash : "",
        sidecarSetName: typeof v.sidecarSetName === "string" ? v.sidecarSetName : "",
        sidecarList: Array.isArray(v.sidecarList)
          ? v.sidecarList.filter((s): s is string => typeof s === "string")
          : null,
        ...(typeof v.controllerRevision === "string" && v.controllerRevision !== ""
          ? { controllerRevision: v.controllerRevision }
          : {}),
      });
    } else {
      return undefined;
    }
  }
  return specs;
}

export function formatUpgradeSpecs(specs: ReadonlyMap<string, UpgradeSpec>): string {
  const entries = [...specs.keys()].sort().map((name) => {
    const spec = specs.get(name)!;
    const ordered: Record<string, unknown> = {
      updateTimestamp: spec.updateTimestamp,
      hash: spec.hash,
      sidecarSetName: spec.sidecarSetName,
      sidecarList: spec.sidecarList,
    };
    if (spec.controllerRevision) ordered.controllerRevision = spec.controllerRevision;
    return `${JSON.stringify(name)}:${JSON.stringify(ordered)}`;
  });
  return `{${entries.join(",")}}`;
}
