/**
 * The fields of OpenKruise's SidecarSet (apps.kruise.io v1alpha1 and v1beta1, `sidecarset_types.go`)
 * in the notation of api/schema/known-fields.ts, for strict field validation. Kruise's CRD marks
 * `containers`, `initContainers` and `volumes` schemaless (`+kubebuilder:pruning:PreserveUnknownFields`),
 * so a cluster does not check inside them and neither does podvisor; `status` is the controller's.
 */
export const sidecarSetKnownFields: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  SidecarSet: { apiVersion: "", kind: "", metadata: "ObjectMeta", spec: "SidecarSetSpec", status: "" },
  SidecarSetSpec: {
    selector: "LabelSelector",
    namespace: "",
    namespaceSelector: "SidecarSetNamespaceSelector",
    specificNamespace: "SidecarSetSpecificNamespace",
    initContainers: "",
    containers: "",
    volumes: "",
    updateStrategy: "SidecarSetUpdateStrategy",
    injectionStrategy: "SidecarSetInjectionStrategy",
    imagePullSecrets: "[]LocalObjectReference",
    revisionHistoryLimit: "",
    patchPodMetadata: "[]SidecarSetPatchPodMetadata",
    customVersion: "",
  },
  SidecarSetNamespaceSelector: {
    namespaces: "",
    matchLabels: "",
    matchExpressions: "[]LabelSelectorRequirement",
  },
  SidecarSetSpecificNamespace: { namespace: "", namespaceSelector: "SidecarSetNamespaceSelector" },
  SidecarSetUpdateStrategy: {
    type: "",
    paused: "",
    selector: "LabelSelector",
    partition: "",
    maxUnavailable: "",
    scatterStrategy: "",
    priorityStrategy: "",
  },
  SidecarSetInjectionStrategy: { paused: "", revision: "SidecarSetInjectRevision" },
  SidecarSetInjectRevision: { customVersion: "", revisionName: "", policy: "" },
  SidecarSetPatchPodMetadata: { annotations: "", patchPolicy: "" },
};
