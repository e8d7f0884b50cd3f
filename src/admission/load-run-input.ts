/**
 * The `podvisor run` input pipeline: decode → default → validate, as the API server would on
 * create, plus what only podvisor can check (duplicate names in the input, ConfigMaps/Secrets that
 * are referenced but not given, volume types podvisor cannot provide). Every problem at once, as
 * `<kind>/<name>: <field.path>: <Type>: <detail>`.
 *
 * SidecarSets in the input admit the Pods and Job templates beside them, as Kruise's pod webhook
 * would on a cluster: default → inject → validate (admission mutates between the API server's
 * defaulting and its validation). Namespaces in the input supply the labels `namespaceSelector`
 * matches; a `kruise-system/kruise-configuration` ConfigMap the `patchPodMetadata` whitelist;
 * ControllerRevisions in `kruise-system` the revisions `injectionStrategy.revision` pins.
 * What the SidecarSets did to each Pod and Job is returned as `admissions`, for `run` to print. This reaches up into `sidecarset/` (pure) because admission is part of the input
 * pipeline; `run` targets a kubelet with native sidecars, so `auto` means native.
 */
import {
  firstNativeSidecarVersion,
  injectSidecarSets,
  prepareSidecarSets,
  type InjectedSidecar,
  type SidecarHelperSource,
  type SidecarSetInput,
} from "../sidecarset/index.js";
import {
  decodeManifests,
  runKinds,
  type FieldValidation,
  findUnknownFields,
  unknownFieldError,
  unknownFieldWarning,
  shorten,
  type KindRef,
  type ManifestSource,
  type DefaultingContext,
  defaultJob,
  defaultPod,
  defaultPodSpec,
  controllerRevisionKind,
  validateControllerRevision,
  defaultConfigMap,
  defaultSecret,
  formatFieldError,
  type FieldError,
  checkObjectReferences,
  type ConfigMap,
  type Job,
  type Pod,
  type Secret,
  validateConfigMap,
  validateSecret,
  validateJob,
  validatePod,
  defaultWorkload,
  validateWorkload,
  type Workload,
  isRecord,
  type Fields,
} from "../api/index.js";
import { sidecarSetKinds, type SidecarSet } from "../api/sidecarset/index.js";
import { checkWaitFor } from "./check-wait-for.js";
import { checkSupportedVolumes } from "./supported-volumes.js";

/** What `podvisor run` reads: runnable kinds plus the SidecarSets and Namespaces that admit them. */
export const runInputKinds: readonly KindRef[] = [
  ...runKinds,
  ...sidecarSetKinds,
  controllerRevisionKind,
  { apiVersion: "v1", kind: "Namespace" },
];

/** The workload kinds `run` drives with a controller, and where each keeps its pod template. */
const workloadTemplatePaths: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export interface RunInput {
  pods: Pod[];
  jobs: Job[];
  /** Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, CronJobs. */
  workloads: Workload[];
  /** Objects of kinds `run` accepts but does not run (Services, Ingresses, …), as `service/web`. */
  notRun: string[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  /** The SidecarSets that admitted the pods (already injected; for display). */
  sidecarSets: SidecarSet[];
  /**
   * What the SidecarSets did to each Pod and Job, in input order (for display:
   * `formatAdmission`); empty when the input has no SidecarSets.
   */
  admissions: Admission[];
  errors: string[];
  /** What `--validate=warn` lets through: unknown and duplicate fields, as kubectl warns of them. */
  warnings: string[];
}

/** One Pod's or Job's admission through the SidecarSets of the input. */
export interface Admission {
  /** `pod/web`, `job/report`, as in error messages. */
  object: string;
  kind: string;
  /** The SidecarSets injected, in injection (name) order; empty when none selects it. */
  sidecarSets: string[];
  /** Every injected container, with its SidecarSet and how it went in. */
  sidecars: (InjectedSidecar & { sidecarSet: string })[];
}

/**
 * `sidecarset/log-agent: injected into job/report's pods (native: log-agent)`; with several
 * SidecarSets `sidecarset/a, sidecarset/b: injected into pod/web (native: x; legacy: y)`; with
 * none `sidecarsets: none selects pod/web`. `legacy` is a regular container, `init` an init
 * container that runs to completion.
 */
export function formatAdmission(admission: Admission): string {
  const target = admission.kind === "Pod" ? admission.object : `${admission.object}'s pods`;
  if (admission.sidecarSets.length === 0) return `sidecarsets: none selects ${target}`;
  const groups = new Map<string, string[]>([
    ["native", []],
    ["legacy", []],
    ["init", []],
  ]);
  for (const sidecar of admission.sidecars) {
    const how = sidecar.native ? "native" : sidecar.list === "containers" ? "legacy" : "init";
    groups.get(how)?.push(sidecar.name);
  }
  const how = [...groups]
    .filter(([, names]) => names.length > 0)
    .map(([group, names]) => `${group}: ${names.join(", ")}`)
    .join("; ");
  const sets = admission.sidecarSets.map((name) => `sidecarset/${name}`).join(", ");
  return `${sets}: injected into ${target}${how ? ` (${how})` : ""}`;
}

interface Loaded {
  kind: string;
  object: Fields;
  source: string;
  errors: FieldError[];
  admission?: Admission;
}

export interface LoadRunInputOptions {
  /** kubectl's `--validate`: unknown and duplicate fields are errors (default), warnings, or ignored. */
  validate?: FieldValidation;
  /** The volume types the runtime backend provides (RuntimeCapabilities.volumeTypes); others are refused. */
  volumeTypes?: readonly string[];
  /** Where the universal and ordered-legacy modes' install container takes the helper from. */
  sidecarHelper?: SidecarHelperSource;
}

export function loadRunInput(
  sources: readonly ManifestSource[],
  context: DefaultingContext,
  options: LoadRunInputOptions = {},
): RunInput {
  const validate = options.validate ?? "strict";
  const decoded = decodeManifests(sources, {
    accept: runInputKinds,
    duplicateFields: validate,
    passOtherKinds: true,
  });
  const errors = [...decoded.errors];
  const warnings = [...decoded.warnings];
  const {
    sidecarSets,
    namespaceLabels,
    admitted: admittedSidecarSets,
    input: sidecarSetInput,
  } = prepareSidecarSets(decoded.objects, context);
  const loaded: Loaded[] = decoded.objects.map(({ kind, object, source }) => {
    const sidecarSet = admittedSidecarSets.get(object);
    if (sidecarSet) return { kind, object: sidecarSet.copy, source, errors: sidecarSet.errors };
    const copy = structuredClone(object);
    const item: Loaded = { kind, object: copy, source, errors: [] };
    item.errors = defaultAndValidate(item, context, sidecarSets, namespaceLabels, sidecarSetInput, options);
    return item;
  });
  if (validate !== "ignore") {
    loaded.forEach((item, index) => {
      for (const unknown of findUnknownFields(decoded.objects[index]?.object, item.kind) ?? []) {
        if (validate === "warn") warnings.push(`${labelOf(item)}: ${unknownFieldWarning(unknown)}`);
        else item.errors.push(unknownFieldError(unknown));
      }
    });
  }

  const seen = new Map<string, string>();
  for (const item of loaded) {
    const key = `${item.kind}/${namespaceOf(item.object)}/${nameOf(item.object)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, item.source);
    else
      item.errors.push({
        type: "Duplicate",
        path: "metadata.name",
        value: nameOf(item.object),
        detail: `another ${item.kind} of this name is in ${first}`,
      });
  }

  const available = {
    configMaps: new Set(
      loaded.filter((i) => i.kind === "ConfigMap").map((i) => `${namespaceOf(i.object)}/${nameOf(i.object)}`),
    ),
    secrets: new Set(
      loaded.filter((i) => i.kind === "Secret").map((i) => `${namespaceOf(i.object)}/${nameOf(i.object)}`),
    ),
  };
  for (const item of loaded) {
    const spec = podSpecOf(item);
    if (!spec) continue;
    if (item.errors.length === 0) item.errors.push(...checkWaitFor(item.object, spec.path));
    if (options.volumeTypes !== undefined)
      item.errors.push(...checkSupportedVolumes(spec.value, spec.path, options.volumeTypes));
    item.errors.push(...checkObjectReferences(spec.value, spec.path, namespaceOf(item.object), available));
  }

  const input: RunInput = {
    pods: [],
    jobs: [],
    workloads: [],
    notRun: decoded.notRun.map(
      ({ kind, object }) => `${kind.toLowerCase()}/${shorten(nameOf(object)) || "(unnamed)"}`,
    ),
    configMaps: [],
    secrets: [],
    sidecarSets: [],
    admissions: [],
    errors,
    warnings,
  };
  for (const item of loaded) {
    const label = labelOf(item);
    errors.push(...item.errors.map((error) => `${label}: ${formatFieldError(error)}`));
    if (item.errors.length > 0) continue;
    if (item.admission) input.admissions.push(item.admission);
    // Validated: the object now has the shape its type describes.
    if (item.kind === "Pod") input.pods.push(item.object as unknown as Pod);
    else if (item.kind === "Job") input.jobs.push(item.object as unknown as Job);
    else if (item.kind === "ConfigMap") input.configMaps.push(item.object as unknown as ConfigMap);
    else if (item.kind === "Secret") input.secrets.push(item.object as unknown as Secret);
    else if (item.kind === "SidecarSet") input.sidecarSets.push(item.object as unknown as SidecarSet);
    else if (Object.hasOwn(workloadTemplatePaths, item.kind))
      input.workloads.push(item.object as unknown as Workload);
  }
  return input;
}

/** Defaults, admits (recording `item.admission`) and validates `item.object`, in place. */
function defaultAndValidate(
  item: Loaded,
  context: DefaultingContext,
  sidecarSets: readonly SidecarSet[],
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
  sidecarSetInput: SidecarSetInput,
  options: LoadRunInputOptions,
): FieldError[] {
  const { kind, object } = item;
  const admission = {
    sidecarSets,
    namespaceLabels,
    context,
    sidecarSetInput,
    sidecarHelper: options.sidecarHelper,
  };
  switch (kind) {
    case "Pod": {
      defaultPod(object, context);
      const injected = admit(item, [], admission);
      return injected.length > 0 ? injected : validatePod(object);
    }
    case "Job": {
      defaultJob(object, context);
      const injected = admit(item, ["spec", "template"], admission);
      return injected.length > 0 ? injected : validateJob(object);
    }
    case "ControllerRevision":
      return validateControllerRevision(object);
    case "Deployment":
    case "ReplicaSet":
    case "ReplicationController":
    case "StatefulSet":
    case "DaemonSet":
    case "CronJob": {
      defaultWorkload(kind, object, context);
      const injected = admit(item, workloadTemplatePaths[kind] ?? [], admission);
      return injected.length > 0 ? injected : validateWorkload(kind, object);
    }
    case "ConfigMap":
      defaultConfigMap(object, context);
      return validateConfigMap(object);
    case "Secret":
      defaultSecret(object, context);
      return validateSecret(object);
    default:
      return [];
  }
}

/**
 * Injects the SidecarSets into the pod at `path` of `item.object`, in place, and records what
 * went in as `item.admission`; nothing changes on error. A SidecarSet that is itself invalid is
 * not admitted here: its own errors are reported.
 */
function admit(
  item: Loaded,
  path: readonly string[],
  admission: {
    sidecarSets: readonly SidecarSet[];
    namespaceLabels: ReadonlyMap<string, Record<string, string>>;
    context: DefaultingContext;
    sidecarSetInput: SidecarSetInput;
    sidecarHelper: SidecarHelperSource | undefined;
  },
): FieldError[] {
  const { sidecarSets, namespaceLabels, context, sidecarSetInput, sidecarHelper } = admission;
  const object = item.object;
  const namespace = namespaceOf(object);
  if (sidecarSets.length === 0) return [];
  let holder: Fields = object;
  for (const key of path.slice(0, -1)) {
    const next = holder[key];
    if (!isRecord(next)) return [];
    holder = next;
  }
  const last = path[path.length - 1];
  const pod = last === undefined ? object : holder[last];
  if (!isRecord(pod) || !isRecord(pod.spec)) return [];
  const result = injectSidecarSets(
    { pod, namespace, namespaceLabels: namespaceLabels.get(namespace) },
    sidecarSets,
    {
      nowMs: context.nowMs,
      kubeVersion: firstNativeSidecarVersion,
      controllerRevisions: sidecarSetInput.controllerRevisions,
      ...(sidecarHelper ? { sidecarHelper } : {}),
    },
  );
  const prefix = path.join(".");
  if (!result.pod)
    return result.errors.map((error) => ({
      ...error,
      path: prefix && !error.path.startsWith("sidecarset/") ? `${prefix}.${error.path}` : error.path,
    }));
  const injected = result.decisions.filter((decision) => decision.injected);
  item.admission = {
    object: `${item.kind.toLowerCase()}/${nameOf(object)}`,
    kind: item.kind,
    sidecarSets: injected.map((decision) => decision.sidecarSet),
    sidecars: injected.flatMap((decision) =>
      (decision.sidecars ?? []).map((sidecar) => ({ ...sidecar, sidecarSet: decision.sidecarSet })),
    ),
  };
  // The API server defaults what a mutating webhook returns: a restored revision's containers
  // may lack the defaults the SidecarSet's own got.
  if (isRecord(result.pod.spec))
    defaultPodSpec(result.pod.spec, { isJobTemplate: item.kind === "Job" || item.kind === "CronJob" });
  if (last === undefined) {
    for (const key of Object.keys(object)) delete object[key];
    Object.assign(object, result.pod);
  } else {
    holder[last] = result.pod;
  }
  return [];
}

/** `pod/web`, as errors name objects. */
function labelOf(item: Loaded): string {
  return `${item.kind.toLowerCase()}/${shorten(nameOf(item.object)) || `(unnamed in ${item.source})`}`;
}

function podSpecOf(item: Loaded): { value: unknown; path: string } | undefined {
  if (item.kind === "Pod") return { value: item.object.spec, path: "spec" };
  const templatePath = Object.hasOwn(workloadTemplatePaths, item.kind)
    ? workloadTemplatePaths[item.kind]
    : undefined;
  if (templatePath) {
    let value: unknown = item.object;
    for (const key of templatePath) value = isRecord(value) ? value[key] : undefined;
    return { value: isRecord(value) ? value.spec : undefined, path: `${templatePath.join(".")}.spec` };
  }
  if (item.kind === "Job" && isRecord(item.object.spec) && isRecord(item.object.spec.template)) {
    return { value: item.object.spec.template.spec, path: "spec.template.spec" };
  }
  return undefined;
}

function nameOf(object: Fields): string {
  return isRecord(object.metadata) && typeof object.metadata.name === "string" ? object.metadata.name : "";
}

function namespaceOf(object: Fields): string {
  return isRecord(object.metadata) && typeof object.metadata.namespace === "string"
    ? object.metadata.namespace
    : "default";
}
