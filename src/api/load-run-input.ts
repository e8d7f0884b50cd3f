/**
 * The `podvisor run` input pipeline: decode → default → validate, as the API server would on
 * create, plus what only podvisor can check (duplicate names in the input, ConfigMaps/Secrets that
 * are referenced but not given, volume types podvisor cannot provide). Every problem at once, as
 * `<kind>/<name>: <field.path>: <Type>: <detail>`.
 */
import { decodeManifests, type ManifestSource } from "./decode-manifests.js";
import type { DefaultingContext } from "./defaults/defaulting-context.js";
import { defaultJob } from "./defaults/job-defaults.js";
import { defaultPod } from "./defaults/pod-defaults.js";
import { defaultConfigMap, defaultSecret } from "./defaults/secret-defaults.js";
import { formatFieldError, type FieldError } from "./field-error.js";
import { checkObjectReferences } from "./object-references.js";
import { checkPodvisorSupport } from "./podvisor-support.js";
import type { ConfigMap, Job, Pod, Secret } from "./types.js";
import { validateConfigMap, validateSecret } from "./validation/config-objects.js";
import { validateJob } from "./validation/job.js";
import { validatePod } from "./validation/pod.js";
import { isRecord, type Fields } from "./validation/shape.js";

export interface RunInput {
  pods: Pod[];
  jobs: Job[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  errors: string[];
}

interface Loaded {
  kind: string;
  object: Fields;
  source: string;
  errors: FieldError[];
}

export function loadRunInput(sources: readonly ManifestSource[], context: DefaultingContext): RunInput {
  const decoded = decodeManifests(sources);
  const errors = [...decoded.errors];
  const loaded: Loaded[] = decoded.objects.map(({ kind, object, source }) => {
    const copy = structuredClone(object);
    return { kind, object: copy, source, errors: defaultAndValidate(kind, copy, context) };
  });

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
    item.errors.push(...checkPodvisorSupport(spec.value, spec.path));
    item.errors.push(...checkObjectReferences(spec.value, spec.path, namespaceOf(item.object), available));
  }

  const input: RunInput = { pods: [], jobs: [], configMaps: [], secrets: [], errors };
  for (const item of loaded) {
    const label = `${item.kind.toLowerCase()}/${nameOf(item.object) || `(unnamed in ${item.source})`}`;
    errors.push(...item.errors.map((error) => `${label}: ${formatFieldError(error)}`));
    if (item.errors.length > 0) continue;
    // Validated: the object now has the shape its type describes.
    if (item.kind === "Pod") input.pods.push(item.object as unknown as Pod);
    else if (item.kind === "Job") input.jobs.push(item.object as unknown as Job);
    else if (item.kind === "ConfigMap") input.configMaps.push(item.object as unknown as ConfigMap);
    else if (item.kind === "Secret") input.secrets.push(item.object as unknown as Secret);
  }
  return input;
}

function defaultAndValidate(kind: string, object: Fields, context: DefaultingContext): FieldError[] {
  switch (kind) {
    case "Pod":
      defaultPod(object, context);
      return validatePod(object);
    case "Job":
      defaultJob(object, context);
      return validateJob(object);
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

function podSpecOf(item: Loaded): { value: unknown; path: string } | undefined {
  if (item.kind === "Pod") return { value: item.object.spec, path: "spec" };
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
