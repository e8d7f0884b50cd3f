/**
 * `kruise.io/sidecarset-inplace-update-state`: per SidecarSet, the image IDs the kubelet reported
 * for each container the controller changed, recorded at the moment of the change
 * (`UpdatePodAnnotationsInUpgrade`, pkg/control/sidecarcontrol/sidecarset_control.go). While the
 * kubelet still reports that image ID for a container whose spec image differs from the one it
 * runs, the container is still updating (`IsSidecarContainerUpdateCompleted`).
 */
import type { Pod } from "../../api/index.js";
import { canonicalJson } from "../../sidecarset/index.js";
import { allContainerStatuses } from "./pod-containers.js";

export const inPlaceUpdateStateAnnotation = "kruise.io/sidecarset-inplace-update-state";

/**
 * pub.InPlaceUpdateState as Go decodes it; `rest` holds its other known fields, in Go order. Read
 * only: a pod's parsed states are shared by every plan that reads the pod.
 */
export interface InPlaceUpdateState {
  readonly revision: string;
  readonly updateTimestamp: string | null;
  readonly lastContainerStatuses: Readonly<Record<string, { readonly imageID?: string }>>;
  readonly rest: readonly (readonly [string, unknown])[];
}

type ReadStates = ReadonlyMap<string, InPlaceUpdateState> | "absent" | "invalid";

/**
 * Parsed states by annotations object, as pod-revision-record.ts keeps the revision records: each
 * plan asks of every pod whether its sidecars are still updating, and parsing the annotation each
 * time was about a third of the controller's planning time in a 1000-pod rollout. The informer
 * replaces a pod's object on each update and the text is compared too, so a changed annotation is
 * read again.
 */
const parsedStates = new WeakMap<object, { text: string; states: ReadStates }>();

const otherFields = [
  "updateEnvFromMetadata",
  "updateResources",
  "updateImages",
  "nextContainerImages",
  "nextContainerRefMetadata",
  "nextContainerResources",
  "preCheckBeforeNext",
  "containerBatchesRecord",
] as const;

/** `"absent"` (never updated in place), `"invalid"` (unreadable), or the states by SidecarSet. */
export function readInPlaceUpdateStates(pod: Pod): ReadStates {
  const annotations = pod.metadata.annotations;
  const text = annotations?.[inPlaceUpdateStateAnnotation];
  if (annotations === undefined || text === undefined) return "absent";
  const cached = parsedStates.get(annotations);
  if (cached?.text === text) return cached.states;
  const states = parseInPlaceUpdateStates(text);
  parsedStates.set(annotations, { text, states });
  return states;
}

function parseInPlaceUpdateStates(text: string): ReadStates {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "invalid";
  }
  if (parsed === null) return new Map();
  if (typeof parsed !== "object" || Array.isArray(parsed)) return "invalid";
  const states = new Map<string, InPlaceUpdateState>();
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === null) continue;
    if (typeof value !== "object" || Array.isArray(value)) return "invalid";
    const v = value as Record<string, unknown>;
    const last: Record<string, { imageID?: string }> = {};
    if (typeof v.lastContainerStatuses === "object" && v.lastContainerStatuses !== null)
      for (const [container, status] of Object.entries(v.lastContainerStatuses as Record<string, unknown>)) {
        const imageId = (status as { imageID?: unknown } | null)?.imageID;
        last[container] = typeof imageId === "string" && imageId !== "" ? { imageID: imageId } : {};
      }
    states.set(name, {
      revision: typeof v.revision === "string" ? v.revision : "",
      updateTimestamp: typeof v.updateTimestamp === "string" ? v.updateTimestamp : null,
      lastContainerStatuses: last,
      rest: otherFields.filter((key) => v[key] !== undefined).map((key) => [key, v[key]]),
    });
  }
  return states;
}

/**
 * The annotation after changing `changedContainers`: their current image IDs are recorded under
 * this SidecarSet. An existing state keeps its revision and timestamp, as Kruise keeps them; an
 * unreadable annotation is replaced.
 */
export function recordInPlaceUpdate(
  pod: Pod,
  sidecarSetName: string,
  revision: string,
  changedContainers: readonly string[],
  timestamp: string,
): string {
  const read = readInPlaceUpdateStates(pod);
  const states = new Map(read === "absent" || read === "invalid" ? [] : read);
  const state = states.get(sidecarSetName) ?? {
    revision,
    updateTimestamp: timestamp,
    lastContainerStatuses: {},
    rest: [],
  };
  const lastContainerStatuses = { ...state.lastContainerStatuses };
  const imageIds = new Map(allContainerStatuses(pod).map((s) => [s.name, s.imageID]));
  for (const name of changedContainers) {
    const imageId = imageIds.get(name) ?? "";
    lastContainerStatuses[name] = imageId === "" ? {} : { imageID: imageId };
  }
  states.set(sidecarSetName, { ...state, lastContainerStatuses });
  return formatInPlaceUpdateStates(states);
}

function formatInPlaceUpdateStates(states: ReadonlyMap<string, InPlaceUpdateState>): string {
  const entries = [...states.keys()].sort().map((name) => {
    const state = states.get(name)!;
    const fields = [
      `"revision":${JSON.stringify(state.revision)}`,
      `"updateTimestamp":${JSON.stringify(state.updateTimestamp)}`,
      `"lastContainerStatuses":${canonicalJson(state.lastContainerStatuses)}`,
      ...state.rest.map(([key, value]) => `${JSON.stringify(key)}:${canonicalJson(value)}`),
    ];
    return `${JSON.stringify(name)}:{${fields.join(",")}}`;
  });
  return `{${entries.join(",")}}`;
}
