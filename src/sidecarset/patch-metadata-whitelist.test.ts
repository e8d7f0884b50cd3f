/**
 * The patchPodMetadata whitelist: Kruise's `TestValidateSidecarSetPatchMetadataWhitelist`
 * (pkg/control/sidecarcontrol/util_test.go) restated, then podvisor's error texts and the
 * ConfigMap lookup.
 */
import { describe, expect, it } from "vitest";
import { compileGoRegexp, formatFieldError, type Fields } from "../api/index.js";
import { findPatchMetadataWhitelist, validatePatchMetadataWhitelist } from "./patch-metadata-whitelist.js";
import { sidecarSet } from "./testing/fixtures.js";

/** Kruise's `sidecarSetDemo`: labelled app=sidecar. */
const demo = (patchPodMetadata?: Fields[]) =>
  sidecarSet(
    "test-sidecarset",
    {
      selector: { matchLabels: { app: "nginx" } },
      containers: [{ name: "dns-f", image: "dns-f-image:1.0" }],
      ...(patchPodMetadata ? { patchPodMetadata } : {}),
    },
    { labels: { app: "sidecar" } },
  ) as unknown as Fields;

const key1 = [{ annotations: { key1: "value1" } }];

function check(set: Fields, whitelist: string | undefined): string[] {
  return validatePatchMetadataWhitelist(set, whitelist).map(formatFieldError);
}

describe("Kruise's TestValidateSidecarSetPatchMetadataWhitelist", () => {
  it.each<[string, Fields[] | undefined, string | undefined, boolean]>([
    ["no patch metadata", undefined, undefined, false],
    ["failed-1: no whitelist at all", key1, undefined, true],
    ["success-1: key.* allows key1", key1, '{"rules":[{"allowedAnnotationKeyExprs":["key.*"]}]}', false],
    ["failed-2: key2 does not allow key1", key1, '{"rules":[{"allowedAnnotationKeyExprs":["key2"]}]}', true],
    [
      "failed-3: the rule selects other SidecarSets",
      key1,
      '{"rules":[{"allowedAnnotationKeyExprs":["key.*"],"selector":{"matchLabels":{"app":"other"}}}]}',
      true,
    ],
    [
      "success-2: the rule selects this SidecarSet by its labels",
      key1,
      '{"rules":[{"allowedAnnotationKeyExprs":["key.*"],"selector":{"matchLabels":{"app":"sidecar"}}}]}',
      false,
    ],
  ])("%s", (_, patches, whitelist, expectErr) => {
    expect(check(demo(patches), whitelist).length > 0).toBe(expectErr);
  });
});

describe("the patchPodMetadata whitelist", () => {
  it("refuses a SidecarSet that patches pod annotations when there is no whitelist, saying where Kruise reads it", () => {
    expect(check(demo(key1), undefined)).toEqual([
      "spec.patchPodMetadata: Required value: SidecarSet patch metadata whitelist not found: Kruise allows patching pod annotations only with a whitelist in ConfigMap kruise-system/kruise-configuration, key SidecarSet_PatchPodMetadata_WhiteList; put that ConfigMap in the input (docs/sidecarsets.md)",
    ]);
  });
  it("names every annotation no allowed expression matches, with its patch", () => {
    const set = demo([
      { annotations: { "team.io/a": "1", other: "2" } },
      { patchPolicy: "Overwrite", annotations: { "x.io/b": "3" } },
    ]);
    expect(check(set, '{"rules":[{"allowedAnnotationKeyExprs":["^team\\\\.io/"]}]}')).toEqual([
      "spec.patchPodMetadata[0].annotations[other]: Forbidden: sidecarSet patch metadata annotation(other) is not allowed by the whitelist in ConfigMap kruise-system/kruise-configuration",
      "spec.patchPodMetadata[1].annotations[x.io/b]: Forbidden: sidecarSet patch metadata annotation(x.io/b) is not allowed by the whitelist in ConfigMap kruise-system/kruise-configuration",
    ]);
  });
  it("matches expressions anywhere in the key, as Go's MatchString does", () => {
    expect(check(demo(key1), '{"rules":[{"allowedAnnotationKeyExprs":["ey"]}]}')).toEqual([]);
  });
  it("refuses when no rule applies to the SidecarSet, as Kruise does", () => {
    expect(check(demo(key1), '{"rules":[]}')).toEqual([
      "spec.patchPodMetadata: Forbidden: sidecarSet patch metadata annotation is not allowed: no rule of the whitelist in ConfigMap kruise-system/kruise-configuration applies to this SidecarSet (a rule's selector matches the SidecarSet's own labels)",
    ]);
  });
  it("ignores unknown fields and accepts null rules, as Go's json.Unmarshal", () => {
    expect(
      check(demo(key1), '{"rules":[null,{"allowedAnnotationKeyExprs":["key1"],"note":"x"}],"other":1}'),
    ).toEqual([]);
  });
  it("reports a whitelist that is not JSON, a bad selector, or a bad expression, naming the ConfigMap", () => {
    expect(check(demo(key1), "{rules")[0]).toMatch(
      /^spec.patchPodMetadata: Invalid value: "SidecarSet_PatchPodMetadata_WhiteList": ConfigMap kruise-system\/kruise-configuration: SidecarSet_PatchPodMetadata_WhiteList is not JSON: /,
    );
    expect(
      check(
        demo(key1),
        '{"rules":[{"selector":{"matchExpressions":[{"key":"a","operator":"Near"}]},"allowedAnnotationKeyExprs":["key1"]}]}',
      )[0],
    ).toContain("rules[0].selector is not a valid label selector");
    expect(check(demo(key1), '{"rules":[{"allowedAnnotationKeyExprs":["key("]}]}')[0]).toContain(
      'allowedAnnotationKeyExprs "key(": not a valid regular expression',
    );
  });
  it("reads Go's leading flag group, so (?i) matches any case", () => {
    expect(check(demo(key1), '{"rules":[{"allowedAnnotationKeyExprs":["(?i)^KEY"]}]}')).toEqual([]);
    expect(compileGoRegexp("(?U)a+")).toBe("the (?U) flag is not supported by podvisor");
  });
  it("finds the whitelist only in the ConfigMap kruise-system/kruise-configuration", () => {
    const configMap = (namespace: string, name = "kruise-configuration") => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      object: {
        metadata: { name, namespace },
        data: { SidecarSet_PatchPodMetadata_WhiteList: `{"from":"${namespace}/${name}"}` },
      },
    });
    expect(findPatchMetadataWhitelist([configMap("default")])).toBeUndefined();
    expect(findPatchMetadataWhitelist([configMap("kruise-system", "other")])).toBeUndefined();
    expect(findPatchMetadataWhitelist([configMap("default"), configMap("kruise-system")])).toBe(
      '{"from":"kruise-system/kruise-configuration"}',
    );
  });
});
