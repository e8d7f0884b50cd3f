/**
 * Which mutating admission webhooks the API server calls for a pod CREATE in a namespace, by the
 * rules of k8s.io/apiserver/pkg/admission/plugin/webhook: a rule matches when its operations,
 * apiGroups, apiVersions, resources (`pods`, `*`, `pods/*`, `*\/*`; predicates/rules/rules.go
 * `resource()`) and scope allow `CREATE` of core/v1 pods; then the namespaceSelector must match
 * the namespace's labels and the objectSelector the pod's. `matchConditions` (CEL) are not
 * evaluated: such a webhook is kept, marked as conditional.
 */
import { isRecord, type Fields } from "../api/index.js";
import { matchesLabelSelector, type LabelSelectorShape } from "../sidecarset/index.js";

export interface PodWebhook {
  configuration: string;
  name: string;
  /** Its position in the API server's call order: by configuration name, then in the list. */
  order: number;
  admissionReviewVersions: string[];
  reinvocationPolicy: string;
  /** A rule names pods itself (`pods`, `pods/*`), not only by wildcard. */
  namesPods: boolean;
  /** It has matchConditions, which doctor does not evaluate. */
  conditional: boolean;
  namespaceSelector: LabelSelectorShape;
  objectSelector: LabelSelectorShape;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

const selectorOf = (value: unknown): LabelSelectorShape => (isRecord(value) ? value : {});

/** Does this rule (admissionregistration/v1 RuleWithOperations) cover CREATE of pods? */
export function ruleCoversPodCreate(rule: Fields): boolean {
  const any = (list: string[], wanted: string) => list.includes("*") || list.includes(wanted);
  if (!any(strings(rule.operations), "CREATE")) return false;
  if (!any(strings(rule.apiGroups), "")) return false;
  if (!any(strings(rule.apiVersions), "v1")) return false;
  const scope = typeof rule.scope === "string" ? rule.scope : "*";
  if (scope !== "*" && scope !== "Namespaced") return false;
  return strings(rule.resources).some((entry) => {
    const [resource, subresource = ""] = entry.split("/", 2);
    return (resource === "*" || resource === "pods") && (subresource === "*" || subresource === "");
  });
}

/** Every webhook of these configurations with a rule for pod CREATE, in the API server's call order. */
export function podCreateWebhooks(configurations: readonly Fields[]): PodWebhook[] {
  const named = configurations
    .map((c) => ({
      name: isRecord(c.metadata) && typeof c.metadata.name === "string" ? c.metadata.name : "",
      c,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: PodWebhook[] = [];
  let order = 0;
  for (const { name: configuration, c } of named) {
    for (const webhook of Array.isArray(c.webhooks) ? c.webhooks : []) {
      order += 1;
      if (!isRecord(webhook)) continue;
      const rules = (Array.isArray(webhook.rules) ? webhook.rules : []).filter(isRecord);
      const covering = rules.filter(ruleCoversPodCreate);
      if (covering.length === 0) continue;
      found.push({
        configuration,
        name: typeof webhook.name === "string" ? webhook.name : "",
        order,
        admissionReviewVersions: strings(webhook.admissionReviewVersions),
        reinvocationPolicy:
          typeof webhook.reinvocationPolicy === "string" ? webhook.reinvocationPolicy : "Never",
        namesPods: covering.some((rule) => strings(rule.resources).some((r) => r.split("/")[0] === "pods")),
        conditional: Array.isArray(webhook.matchConditions) && webhook.matchConditions.length > 0,
        namespaceSelector: selectorOf(webhook.namespaceSelector),
        objectSelector: selectorOf(webhook.objectSelector),
      });
    }
  }
  return found;
}

/** The webhooks called for a CREATE of a pod with `podLabels` in a namespace with `namespaceLabels`. */
export function webhooksCalledFor(
  webhooks: readonly PodWebhook[],
  namespaceLabels: Readonly<Record<string, string>>,
  podLabels: Readonly<Record<string, string>>,
): PodWebhook[] {
  return webhooks.filter(
    (w) =>
      matchesLabelSelector(w.namespaceSelector, namespaceLabels) &&
      matchesLabelSelector(w.objectSelector, podLabels),
  );
}
