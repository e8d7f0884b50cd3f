/**
 * Where `podvisor get sidecarsets` and `describe sidecarset` read from: a cluster (the kubeconfig
 * given with --kubeconfig, else $KUBECONFIG, ~/.kube/config or the in-cluster service account), or
 * saved objects given with `-f FILE` — SidecarSets, and for `describe` the Pods, Namespaces,
 * ControllerRevisions and core/v1 Events beside them (e.g. `kubectl get sidecarsets,pods,
 * namespaces,events -A -o yaml` plus `kubectl get controllerrevisions -n kruise-system -o yaml`).
 * A SidecarSet is cluster-scoped: its rollout concerns pods of every namespace.
 */
import {
  controllerRevisionKind,
  decodeManifests,
  isRecord,
  kruiseNamespace,
  sidecarSetKinds,
  type Fields,
  type Pod,
} from "../../api/index.js";
import { sidecarSetNameLabel, type NamespaceLabels } from "../../controllers/index.js";
import { KubeApiError, KubeClient } from "../../kube/index.js";
import { InvalidInputError } from "../../shared/index.js";
import { readManifestSources } from "../read-manifests.js";

export interface SidecarSetSourceOptions {
  kubeconfig?: string;
  filename?: string[];
}

/** What a SidecarSet's rollout is judged from. */
export interface RolloutObjects {
  pods: Pod[];
  namespaces: NamespaceLabels;
  revisions: Fields[];
}

export interface SidecarSetSource {
  /** Where the objects come from, for messages: the API server's URL or the files. */
  origin: string;
  sidecarSets(): Promise<Fields[]>;
  rolloutObjects(): Promise<RolloutObjects>;
  /** core/v1 Events about the SidecarSet, as `kubectl describe` searches them. */
  events(sidecarSet: Fields): Promise<Fields[]>;
}

export const sidecarSetResource = "sidecarsets.apps.kruise.io";
const sidecarSetsPath = "/apis/apps.kruise.io/v1beta1/sidecarsets";

export async function openSidecarSetSource(
  options: SidecarSetSourceOptions,
  stdin: NodeJS.ReadableStream,
): Promise<SidecarSetSource> {
  if (options.filename !== undefined && options.filename.length > 0)
    return savedObjectSource(options.filename, stdin);
  let client: KubeClient;
  try {
    client = await KubeClient.load(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {});
  } catch (error) {
    throw new InvalidInputError(
      `SidecarSets live in a cluster: cannot load the kubeconfig (${(error as Error).message}); give --kubeconfig PATH, or saved objects with -f FILE`,
    );
  }
  return clusterSource(client);
}

function clusterSource(client: KubeClient): SidecarSetSource {
  const list = async (path: string, what: string): Promise<Fields[]> => {
    try {
      const answer = await client.requestJson("GET", path);
      return Array.isArray(answer.items) ? answer.items.filter(isRecord) : [];
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404 && path === sidecarSetsPath)
        throw new InvalidInputError(
          `the server ${client.server} doesn't have a resource type "sidecarsets": install the CRDs (podvisor install --crds-only | kubectl apply -f -)`,
        );
      throw new InvalidInputError(`cannot list ${what} from ${client.server}: ${(error as Error).message}`);
    }
  };
  return {
    origin: client.server,
    sidecarSets: () => list(sidecarSetsPath, sidecarSetResource),
    async rolloutObjects() {
      const revisionsPath = `/apis/apps/v1/namespaces/${kruiseNamespace}/controllerrevisions?labelSelector=${encodeURIComponent(sidecarSetNameLabel)}`;
      const [pods, namespaces, revisions] = await Promise.all([
        list("/api/v1/pods", "pods"),
        list("/api/v1/namespaces", "namespaces"),
        list(revisionsPath, "controllerrevisions"),
      ]);
      return { pods: pods as unknown as Pod[], namespaces: namespaceLabels(namespaces, []), revisions };
    },
    events(sidecarSet) {
      const meta = isRecord(sidecarSet.metadata) ? sidecarSet.metadata : {};
      const selector = [
        "involvedObject.kind=SidecarSet",
        `involvedObject.name=${typeof meta.name === "string" ? meta.name : ""}`,
        ...(typeof meta.uid === "string" ? [`involvedObject.uid=${meta.uid}`] : []),
      ].join(",");
      return list(`/api/v1/events?fieldSelector=${encodeURIComponent(selector)}`, "events");
    },
  };
}

const savedKinds = [
  ...sidecarSetKinds,
  { apiVersion: "v1", kind: "Pod" },
  { apiVersion: "v1", kind: "Namespace" },
  { apiVersion: "v1", kind: "Event" },
  controllerRevisionKind,
];

async function savedObjectSource(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
): Promise<SidecarSetSource> {
  const decoded = decodeManifests(await readManifestSources(paths, stdin), {
    accept: savedKinds,
    command: "podvisor get/describe sidecarsets -f",
  });
  const problems = [...decoded.errors];
  for (const { source, kind, object } of decoded.objects) {
    const name = isRecord(object.metadata) ? object.metadata.name : undefined;
    const label = `${source}: ${kind} ${typeof name === "string" ? JSON.stringify(name) : "(no name)"}`;
    if (typeof name !== "string" || name === "") problems.push(`${label}: metadata.name must be set`);
    else if ((kind === "SidecarSet" || kind === "Pod") && !isRecord(object.spec))
      problems.push(`${label}: spec must be a mapping`);
    else if (kind === "Pod" && isRecord(object.spec) && !Array.isArray(object.spec.containers))
      problems.push(`${label}: spec.containers must be a list`);
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      "malformed saved objects",
      problems.map((p) => `error: ${p}`),
    );
  const of = (kind: string) => decoded.objects.filter((o) => o.kind === kind).map((o) => o.object);
  const pods = of("Pod").map(withDefaultNamespace) as unknown as Pod[];
  const namespaces = namespaceLabels(
    of("Namespace"),
    pods.map((p) => p.metadata.namespace ?? "default"),
  );
  return {
    origin: paths.join(", "),
    sidecarSets: () => Promise.resolve(of("SidecarSet")),
    rolloutObjects: () => Promise.resolve({ pods, namespaces, revisions: of("ControllerRevision") }),
    events(sidecarSet) {
      const meta = isRecord(sidecarSet.metadata) ? sidecarSet.metadata : {};
      return Promise.resolve(
        of("Event").filter((event) => {
          const about = isRecord(event.involvedObject) ? event.involvedObject : {};
          return about.kind === "SidecarSet" && about.name === meta.name;
        }),
      );
    },
  };
}

/**
 * Namespace name → labels. A namespace the saved objects hold pods of but not the Namespace itself
 * has only its `kubernetes.io/metadata.name` label (which the planner adds): other
 * `namespaceSelector` terms cannot match it.
 */
function namespaceLabels(namespaces: readonly Fields[], podNamespaces: readonly string[]): NamespaceLabels {
  const labels = new Map<string, Record<string, string>>(podNamespaces.map((ns) => [ns, {}]));
  for (const namespace of namespaces) {
    const meta = isRecord(namespace.metadata) ? namespace.metadata : {};
    if (typeof meta.name !== "string") continue;
    const own: Record<string, string> = {};
    if (isRecord(meta.labels))
      for (const [key, value] of Object.entries(meta.labels)) if (typeof value === "string") own[key] = value;
    labels.set(meta.name, own);
  }
  return labels;
}

function withDefaultNamespace(object: Fields): Fields {
  const meta = isRecord(object.metadata) ? object.metadata : {};
  return {
    ...object,
    metadata: { ...meta, namespace: typeof meta.namespace === "string" ? meta.namespace : "default" },
  };
}
