/**
 * Native, legacy, or as written. podvisor's `podvisor.dev/sidecar-mode` annotation
 * (`native` | `legacy` | `auto` | `universal` | `ordered-legacy`) on the pod (template) wins over the same annotation on the
 * SidecarSet, which wins over the caller's default (`inject --sidecar-mode`). With none of them,
 * sidecars are injected exactly as the SidecarSet spells them, as Kruise does. `auto` is native
 * from Kubernetes 1.29, where native sidecars (KEP-753) are on by default, else legacy.
 * `universal` and `ordered-legacy` are taken as given (docs/sidecar-modes.md).
 */
import { sidecarModeAnnotation, sidecarModes, type SidecarMode } from "../api/sidecarset/index.js";

export type ResolvedSidecarMode = "native" | "legacy" | "universal" | "ordered-legacy" | "as-written";

export interface SidecarModeDecision {
  mode: ResolvedSidecarMode;
  /** Where the mode came from, for --explain: "pod annotation", "SidecarSet annotation", ... */
  source: string;
}

/** Native sidecars are on by default from this release (SidecarContainers beta, 1.29). */
export const firstNativeSidecarVersion: readonly [number, number] = [1, 29];

export function resolveSidecarMode(input: {
  podAnnotations: Readonly<Record<string, string>>;
  sidecarSetAnnotations: Readonly<Record<string, string>>;
  defaultMode: SidecarMode | undefined;
  kubeVersion: readonly [number, number];
}): SidecarModeDecision {
  const candidates: [string | undefined, string][] = [
    [input.podAnnotations[sidecarModeAnnotation], "pod annotation"],
    [input.sidecarSetAnnotations[sidecarModeAnnotation], "SidecarSet annotation"],
    [input.defaultMode, "--sidecar-mode"],
  ];
  for (const [value, source] of candidates) {
    if (value === undefined || !isSidecarMode(value)) continue;
    if (value !== "auto") return { mode: value, source };
    const native = compareVersions(input.kubeVersion, firstNativeSidecarVersion) >= 0;
    return {
      mode: native ? "native" : "legacy",
      source: `${source} auto, Kubernetes ${input.kubeVersion.join(".")}`,
    };
  }
  return { mode: "as-written", source: "as the SidecarSet spells it" };
}

export function isSidecarMode(value: string): value is SidecarMode {
  return (sidecarModes as readonly string[]).includes(value);
}

/** "1.29", "v1.31.2" → [1, 29]; undefined when it is not a Kubernetes version. */
export function parseKubeVersion(text: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(\.\d+)?([-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

function compareVersions(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}
