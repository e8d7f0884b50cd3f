import { describe, expect, it } from "vitest";
import type { PodWebhook } from "./match-webhooks.js";
import { rankSuspects } from "./rank-suspects.js";

const webhook = (name: string, order: number, extra: Partial<PodWebhook> = {}): PodWebhook => ({
  configuration: name.split(".")[0] ?? name,
  name,
  order,
  admissionReviewVersions: ["v1"],
  reinvocationPolicy: "Never",
  namesPods: false,
  conditional: false,
  namespaceSelector: {},
  objectSelector: {},
  ...extra,
});

describe("ranking the webhooks that may have dropped restartPolicy, most likely first", () => {
  it("a webhook that left its mark on the probe comes first, whatever the call order", () => {
    const ranked = rankSuspects(
      [webhook("policy.acme.io", 1, { namesPods: true }), webhook("sidecar-injector.istio.io", 2)],
      ["sidecar.istio.io/status"],
    );
    expect(ranked.map((s) => s.webhook.name)).toEqual(["sidecar-injector.istio.io", "policy.acme.io"]);
    expect(ranked[0]?.reasons).toEqual(["it changed the probe pod (added sidecar.istio.io/status)"]);
  });

  it("naming pods beats a wildcard; v1beta1-only adds suspicion; podvisor's own webhook is last", () => {
    const ranked = rankSuspects(
      [
        webhook("pods.sidecarsets.podvisor.dev", 1, { namesPods: true }),
        webhook("everything.acme.io", 2),
        webhook("old.acme.io", 3, { admissionReviewVersions: ["v1beta1"] }),
        webhook("pods.acme.io", 4, { namesPods: true }),
      ],
      [],
    );
    expect(ranked.map((s) => s.webhook.name)).toEqual([
      "pods.acme.io",
      "old.acme.io",
      "everything.acme.io",
      "pods.sidecarsets.podvisor.dev",
    ]);
  });

  it("with no evidence the API server's call order decides", () => {
    const ranked = rankSuspects([webhook("b.example.com", 2), webhook("a.example.com", 1)], []);
    expect(ranked.map((s) => [s.webhook.name, s.reasons])).toEqual([
      ["a.example.com", ["it mutates pod CREATE in this namespace"]],
      ["b.example.com", ["it mutates pod CREATE in this namespace"]],
    ]);
  });
});
