/**
 * Decoded JSON re-encoded the way Go's `encoding/json` marshals Kruise's typed SidecarContainer
 * (k8s.io/api core/v1 Container inline, then Kruise's fields): struct fields in declaration order,
 * `omitempty` honoured, non-pointer structs always written (`"resources":{}`), fields the types do
 * not have dropped, quantities in canonical form, map keys sorted. Kruise hashes this encoding
 * (sidecarcontrol/hash.go), so podvisor's revision hashes equal a cluster's. Types not described
 * here (rare nested ones) fall back to sorted keys.
 */
import { formatQuantity, parseQuantity } from "../api/quantity/index.js";
import { canonicalJson } from "./canonical-json.js";

/**
 * Field codes: `s` `i` `b` primitives with omitempty, `s!` `i!` `b!` without; `*T` a pointer
 * (omitted when absent; `*T!` written as null); `T` a struct (always written); `[]T` a slice with
 * omitempty; `map:T` a map with omitempty; `q` a Quantity; `ios` an IntOrString; `any` unknown.
 */
type Schema = readonly (readonly [string, string])[];

const objectFieldSelector: Schema = [
  ["apiVersion", "s"],
  ["fieldPath", "s!"],
];
const keySelector: Schema = [
  ["name", "s"],
  ["key", "s!"],
  ["optional", "*b"],
];
const execAction: Schema = [["command", "[]s"]];
const httpGetAction: Schema = [
  ["path", "s"],
  ["port", "ios"],
  ["host", "s"],
  ["scheme", "s"],
  ["httpHeaders", "[]HTTPHeader"],
];
const tcpSocketAction: Schema = [
  ["port", "ios"],
  ["host", "s"],
];

const schemas: Record<string, Schema> = {
  SidecarContainer: [
    ["name", "s!"],
    ["image", "s"],
    ["command", "[]s"],
    ["args", "[]s"],
    ["workingDir", "s"],
    ["ports", "[]ContainerPort"],
    ["envFrom", "[]EnvFromSource"],
    ["env", "[]EnvVar"],
    ["resources", "ResourceRequirements"],
    ["resizePolicy", "[]ContainerResizePolicy"],
    ["restartPolicy", "*s"],
    ["restartPolicyRules", "[]any"],
    ["volumeMounts", "[]VolumeMount"],
    ["volumeDevices", "[]VolumeDevice"],
    ["livenessProbe", "*Probe"],
    ["readinessProbe", "*Probe"],
    ["startupProbe", "*Probe"],
    ["lifecycle", "*Lifecycle"],
    ["terminationMessagePath", "s"],
    ["terminationMessagePolicy", "s"],
    ["imagePullPolicy", "s"],
    ["securityContext", "*SecurityContext"],
    ["stdin", "b"],
    ["stdinOnce", "b"],
    ["tty", "b"],
    ["podInjectPolicy", "s"],
    ["upgradeStrategy", "UpgradeStrategy"],
    ["shareVolumePolicy", "ShareVolumePolicy"],
    ["shareVolumeDevicePolicy", "*ShareVolumePolicy"],
    ["transferEnv", "[]TransferEnvVar"],
    ["resourcesPolicy", "*ResourcesPolicy"],
  ],
  ContainerPort: [
    ["name", "s"],
    ["hostPort", "i"],
    ["containerPort", "i!"],
    ["protocol", "s"],
    ["hostIP", "s"],
  ],
  EnvFromSource: [
    ["prefix", "s"],
    ["configMapRef", "*EnvSource"],
    ["secretRef", "*EnvSource"],
  ],
  EnvSource: [
    ["name", "s"],
    ["optional", "*b"],
  ],
  EnvVar: [
    ["name", "s!"],
    ["value", "s"],
    ["valueFrom", "*EnvVarSource"],
  ],
  EnvVarSource: [
    ["fieldRef", "*ObjectFieldSelector"],
    ["resourceFieldRef", "*ResourceFieldSelector"],
    ["configMapKeyRef", "*KeySelector"],
    ["secretKeyRef", "*KeySelector"],
    ["fileKeyRef", "*any"],
  ],
  ObjectFieldSelector: objectFieldSelector,
  ResourceFieldSelector: [
    ["containerName", "s"],
    ["resource", "s!"],
    ["divisor", "q"],
  ],
  KeySelector: keySelector,
  ResourceRequirements: [
    ["limits", "map:q"],
    ["requests", "map:q"],
    ["claims", "[]ResourceClaim"],
  ],
  ResourceClaim: [
    ["name", "s!"],
    ["request", "s"],
  ],
  ContainerResizePolicy: [
    ["resourceName", "s!"],
    ["restartPolicy", "s!"],
  ],
  VolumeMount: [
    ["name", "s!"],
    ["readOnly", "b"],
    ["recursiveReadOnly", "*s"],
    ["mountPath", "s!"],
    ["subPath", "s"],
    ["mountPropagation", "*s"],
    ["subPathExpr", "s"],
  ],
  VolumeDevice: [
    ["name", "s!"],
    ["devicePath", "s!"],
  ],
  Probe: [
    ["exec", "*ExecAction"],
    ["httpGet", "*HTTPGetAction"],
    ["tcpSocket", "*TCPSocketAction"],
    ["grpc", "*GRPCAction"],
    ["initialDelaySeconds", "i"],
    ["timeoutSeconds", "i"],
    ["periodSeconds", "i"],
    ["successThreshold", "i"],
    ["failureThreshold", "i"],
    ["terminationGracePeriodSeconds", "*i"],
  ],
  ExecAction: execAction,
  HTTPGetAction: httpGetAction,
  HTTPHeader: [
    ["name", "s!"],
    ["value", "s!"],
  ],
  TCPSocketAction: tcpSocketAction,
  GRPCAction: [
    ["port", "i!"],
    ["service", "*s!"],
  ],
  Lifecycle: [
    ["postStart", "*LifecycleHandler"],
    ["preStop", "*LifecycleHandler"],
    ["stopSignal", "*s"],
  ],
  LifecycleHandler: [
    ["exec", "*ExecAction"],
    ["httpGet", "*HTTPGetAction"],
    ["tcpSocket", "*TCPSocketAction"],
    ["sleep", "*SleepAction"],
  ],
  SleepAction: [["seconds", "i!"]],
  SecurityContext: [
    ["capabilities", "*Capabilities"],
    ["privileged", "*b"],
    ["seLinuxOptions", "*SELinuxOptions"],
    ["windowsOptions", "*WindowsOptions"],
    ["runAsUser", "*i"],
    ["runAsGroup", "*i"],
    ["runAsNonRoot", "*b"],
    ["readOnlyRootFilesystem", "*b"],
    ["allowPrivilegeEscalation", "*b"],
    ["procMount", "*s"],
    ["seccompProfile", "*Profile"],
    ["appArmorProfile", "*Profile"],
  ],
  Capabilities: [
    ["add", "[]s"],
    ["drop", "[]s"],
  ],
  SELinuxOptions: [
    ["user", "s"],
    ["role", "s"],
    ["type", "s"],
    ["level", "s"],
  ],
  WindowsOptions: [
    ["gmsaCredentialSpecName", "*s"],
    ["gmsaCredentialSpec", "*s"],
    ["runAsUserName", "*s"],
    ["hostProcess", "*b"],
  ],
  Profile: [
    ["type", "s!"],
    ["localhostProfile", "*s"],
  ],
  UpgradeStrategy: [
    ["upgradeType", "s"],
    ["hotUpgradeEmptyImage", "s"],
  ],
  ShareVolumePolicy: [["type", "s"]],
  ResourcesPolicy: [
    ["targetContainersMode", "s!"],
    ["targetContainersNameRegex", "s"],
    ["resourcesExpr", "ResourcesExpr"],
  ],
  ResourcesExpr: [
    ["limits", "*ResourceExprs"],
    ["requests", "*ResourceExprs"],
  ],
  ResourceExprs: [
    ["cpu", "s"],
    ["memory", "s"],
  ],
  TransferEnvVar: [
    ["sourceContainerName", "s"],
    ["sourceContainerNameFrom", "*SourceContainerNameSource"],
    ["envName", "s"],
    ["envNames", "[]s"],
  ],
  SourceContainerNameSource: [["fieldRef", "*ObjectFieldSelector"]],
};

/** A Kruise SidecarContainer as Go marshals it. */
export function encodeSidecarContainer(container: unknown): string {
  return encodeStruct("SidecarContainer", container);
}

function encodeStruct(name: string, value: unknown): string {
  const schema = schemas[name];
  if (!schema || !isObject(value)) return schema ? encodeStruct(name, {}) : canonicalJson(value ?? {});
  const parts: string[] = [];
  for (const [key, code] of schema) {
    const encoded = encodeField(code, value[key]);
    if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${parts.join(",")}}`;
}

/** The field's JSON, or undefined when Go would omit it. */
function encodeField(code: string, value: unknown): string | undefined {
  const absent = value === undefined || value === null;
  if (code.startsWith("*")) {
    const always = code.endsWith("!");
    if (absent) return always ? "null" : undefined;
    return encodeValue(always ? code.slice(1, -1) : code.slice(1), value);
  }
  if (code.startsWith("[]")) {
    if (absent || (Array.isArray(value) && value.length === 0)) return undefined;
    return encodeValue(code, value);
  }
  if (code.startsWith("map:")) {
    if (absent || (isObject(value) && Object.keys(value).length === 0)) return undefined;
    return encodeValue(code, value);
  }
  if (code === "s" || code === "i" || code === "b")
    return absent || value === "" || value === 0 || value === false ? undefined : encodeValue(code, value);
  if (code.endsWith("!")) return encodeValue(code.slice(0, -1), absent ? zeroOf(code.slice(0, -1)) : value);
  if (code === "q") return encodeValue("q", absent ? "0" : value);
  if (code === "ios") return encodeValue("ios", absent ? 0 : value);
  return encodeValue(code, value);
}

function encodeValue(code: string, value: unknown): string {
  if (code.startsWith("[]")) {
    if (!Array.isArray(value)) return canonicalJson(value);
    return `[${value.map((item) => encodeValue(code.slice(2), item)).join(",")}]`;
  }
  if (code.startsWith("map:")) {
    if (!isObject(value)) return canonicalJson(value);
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${encodeValue(code.slice(4), value[key])}`).join(",")}}`;
  }
  switch (code) {
    case "s":
    case "i":
    case "b":
    case "ios":
    case "any":
      return canonicalJson(value);
    case "q": {
      const parsed =
        typeof value === "string" || typeof value === "number" ? parseQuantity(value) : undefined;
      return parsed?.ok ? JSON.stringify(formatQuantity(parsed.quantity)) : canonicalJson(value);
    }
    default:
      return encodeStruct(code, value);
  }
}

function zeroOf(code: string): unknown {
  return code === "s" ? "" : code === "i" ? 0 : code === "b" ? false : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
