/**
 * A sidecar's `resourcesPolicy` applied to a new pod (Kruise 1.9 `applyResourcesPolicy`,
 * pkg/webhook/pod/mutating/sidecarset_resources.go). The targets are the pod's native sidecar
 * init containers, then its containers, whose names match `targetContainersNameRegex` (unanchored)
 * and are not the name of a sidecar of any SidecarSet injecting into the pod; none is an error.
 * Their resources are aggregated per `targetContainersMode`: `sum` adds them, `max` keeps the
 * largest as it was written. A limit exists only when every target has one (a missing limit is
 * unlimited); a missing request counts as 0, and a zero or missing aggregate request becomes the
 * zero the expression sees. Each expression set is then evaluated with the aggregate as its one
 * variable, `memory` when the expression has that word, else `cpu`; a limit expression whose
 * aggregate is unlimited sets nothing. A bare-number result is cores for `cpu` (truncated to
 * millis) and whole units for `memory`. The result replaces the sidecar's resources entirely.
 * Rules N1–N3 and O7 of docs/rules/sidecarset.md.
 */
import {
  addQuantities,
  compareQuantities,
  compileGoRegexp,
  evaluateResourceExpression,
  goInt64,
  isRecord,
  milliQuantity,
  parseQuantity,
  quantityString,
  type Fields,
  type Quantity,
} from "../api/index.js";
import { listOf } from "./build-sidecar-container.js";

/** A failure carries Kruise's message, and the policy's field at fault with its value when one is. */
export type ResourcesPolicyResult =
  { ok: true; resources: Fields } | { ok: false; message: string; field?: string; value?: string };

type ResourceName = "cpu" | "memory";
type Aggregate = Partial<Record<ResourceName, Quantity>>;
const resourceNames: readonly ResourceName[] = ["cpu", "memory"];
const zero: Quantity = { nanos: 0n, format: "DecimalSI" };

/**
 * The resources the policy gives the sidecar, or Kruise's error (which fails the pod's
 * admission). `sidecarNames` are the names of every container and init container of the
 * SidecarSets injecting into the pod.
 */
export function computeSidecarResources(
  policy: Fields,
  pod: Fields,
  sidecarNames: ReadonlySet<string>,
): ResourcesPolicyResult {
  const regex =
    typeof policy.targetContainersNameRegex === "string" ? policy.targetContainersNameRegex : ".*";
  const pattern = compileGoRegexp(regex);
  if (typeof pattern === "string")
    return {
      ok: false,
      message: `failed to get target containers: invalid regex pattern ${JSON.stringify(regex)}: ${pattern}`,
      field: "targetContainersNameRegex",
      value: regex,
    };
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const targets = [
    ...listOf(spec.initContainers).filter((c) => c.restartPolicy === "Always"),
    ...listOf(spec.containers),
  ].filter((c) => !sidecarNames.has(String(c.name)) && pattern.test(String(c.name)));
  if (targets.length === 0)
    return {
      ok: false,
      message: `no containers match the regex pattern ${JSON.stringify(regex)}`,
      field: "targetContainersNameRegex",
      value: regex,
    };

  const limits = aggregateResources(targets, "limits", policy.targetContainersMode);
  const requests = aggregateResources(targets, "requests", policy.targetContainersMode);
  if (typeof limits === "string") return { ok: false, message: limits };
  if (typeof requests === "string") return { ok: false, message: requests };
  const expressions = isRecord(policy.resourcesExpr) ? policy.resourcesExpr : {};
  const resources: Fields = {};
  for (const [kind, aggregate, label] of [
    ["limits", limits, "limits"],
    ["requests", requests, "requests"],
  ] as const) {
    const exprs = expressions[kind];
    if (!isRecord(exprs)) continue;
    const computed: Fields = {};
    for (const name of resourceNames) {
      const expr = exprs[name];
      if (typeof expr !== "string" || expr === "") continue;
      const value = kind === "limits" ? aggregate[name] : (aggregate[name] ?? zero);
      if (value === undefined) continue;
      const result = evaluateSidecarExpression(expr, value);
      if (typeof result === "string")
        return {
          ok: false,
          message: `failed to evaluate ${name === "cpu" ? "CPU" : "memory"} ${label} expression: ${result}`,
          field: `resourcesExpr.${kind}.${name}`,
          value: expr,
        };
      computed[name] = quantityString(result);
    }
    if (Object.keys(computed).length > 0) resources[kind] = computed;
  }
  return { ok: true, resources };
}

/** Upstream `evaluateResourceExpression`: the quantity, or the error text. */
function evaluateSidecarExpression(expr: string, aggregate: Quantity): Quantity | string {
  const variable = /\bmemory\b/.test(expr) ? "memory" : "cpu";
  const result = evaluateResourceExpression(expr, { [variable]: { kind: "quantity", quantity: aggregate } });
  if (!result.ok) return `failed to parse expression ${JSON.stringify(expr)}: ${result.message}`;
  if (result.value.kind === "quantity") return result.value.quantity;
  return variable === "cpu"
    ? milliQuantity(goInt64(result.value.number * 1000))
    : { nanos: goInt64(result.value.number) * 1_000_000_000n, format: "DecimalSI" };
}

/** `aggregateResourcesBySum` / `aggregateResourcesByMax` for one of limits and requests. */
function aggregateResources(
  targets: Fields[],
  kind: "limits" | "requests",
  mode: unknown,
): Aggregate | string {
  const out: Aggregate = {};
  if (mode !== "sum" && mode !== "max") return out;
  for (const name of resourceNames) {
    let aggregate: Quantity | undefined = mode === "sum" ? zero : undefined;
    let everyTargetHasIt = true;
    for (const target of targets) {
      const list =
        isRecord(target.resources) && isRecord(target.resources[kind]) ? target.resources[kind] : {};
      const raw = list[name];
      if (raw === undefined) {
        everyTargetHasIt = false;
        continue;
      }
      // Go decodes a null quantity as zero; a pod that fails to decode never reaches Kruise.
      const parsed =
        raw === null
          ? { ok: true as const, quantity: zero }
          : typeof raw === "string" || typeof raw === "number"
            ? parseQuantity(raw)
            : undefined;
      if (!parsed?.ok) {
        const detail = parsed ? parsed.error.message : "not a quantity";
        return `container ${String(target.name)}: resources.${kind}.${name}: ${detail}`;
      }
      if (mode === "sum") aggregate = addQuantities(aggregate ?? zero, parsed.quantity);
      else if (aggregate === undefined || compareQuantities(parsed.quantity, aggregate) > 0)
        aggregate = parsed.quantity;
    }
    if (aggregate === undefined) continue;
    if (kind === "limits" && !everyTargetHasIt) continue;
    if (kind === "requests" && aggregate.nanos === 0n && mode === "sum") continue;
    out[name] = aggregate;
  }
  return out;
}
