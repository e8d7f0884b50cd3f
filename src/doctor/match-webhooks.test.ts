import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { podCreateWebhooks, ruleCoversPodCreate, webhooksCalledFor } from "./match-webhooks.js";

const rule = (overrides: Fields = {}): Fields => ({
  operations: ["CREATE"],
  apiGroups: [""],
  apiVersions: ["v1"],
  resources: ["pods"],
  ...overrides,
});

describe("a webhook rule covers pod CREATE (apiserver predicates/rules)", () => {
  it.each([
    ["pods, CREATE, core v1", rule(), true],
    ["every operation", rule({ operations: ["*"] }), true],
    ["UPDATE only", rule({ operations: ["UPDATE"] }), false],
    ["another group", rule({ apiGroups: ["apps"] }), false],
    ["any group and version", rule({ apiGroups: ["*"], apiVersions: ["*"] }), true],
    ["every resource (*)", rule({ resources: ["*"] }), true],
    ["every resource and subresource (*/*)", rule({ resources: ["*/*"] }), true],
    [
      "pods/* covers pods itself too (sub * matches the empty subresource)",
      rule({ resources: ["pods/*"] }),
      true,
    ],
    ["pods/status is a subresource only", rule({ resources: ["pods/status"] }), false],
    ["deployments", rule({ resources: ["deployments"] }), false],
    ["scope Cluster never covers a namespaced pod", rule({ scope: "Cluster" }), false],
    ["scope Namespaced", rule({ scope: "Namespaced" }), true],
  ])("%s → %s", (_name, r, covers) => {
    expect(ruleCoversPodCreate(r)).toBe(covers);
  });
});

describe("the webhooks called for a pod CREATE in a namespace", () => {
  const configuration = (name: string, webhooks: Fields[]): Fields => ({ metadata: { name }, webhooks });
  const configurations = [
    configuration("z-mesh", [
      { name: "inject.mesh.example.com", rules: [rule()], admissionReviewVersions: ["v1"] },
      {
        name: "deployments.mesh.example.com",
        rules: [rule({ resources: ["deployments"], apiGroups: ["apps"] })],
      },
    ]),
    configuration("a-logs", [
      {
        name: "logs.example.com",
        rules: [rule({ resources: ["*"] })],
        namespaceSelector: { matchLabels: { logging: "on" } },
        objectSelector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "Exists" }] },
        matchConditions: [{ name: "x", expression: "true" }],
      },
    ]),
  ];

  it("lists only pod-CREATE webhooks, in the API server's order (configuration name, then position)", () => {
    expect(
      podCreateWebhooks(configurations).map((w) => [w.configuration, w.name, w.namesPods, w.conditional]),
    ).toEqual([
      ["a-logs", "logs.example.com", false, true],
      ["z-mesh", "inject.mesh.example.com", true, false],
    ]);
  });

  it.each([
    [
      "namespace without the label: only the unselective webhook",
      {},
      { "app.kubernetes.io/name": "x" },
      ["inject.mesh.example.com"],
    ],
    [
      "namespace labelled, pod labelled: both",
      { logging: "on" },
      { "app.kubernetes.io/name": "x" },
      ["logs.example.com", "inject.mesh.example.com"],
    ],
    [
      "namespace labelled, pod without the label: the objectSelector excludes it",
      { logging: "on" },
      {},
      ["inject.mesh.example.com"],
    ],
  ])("%s", (_name, namespaceLabels, podLabels, names) => {
    expect(
      webhooksCalledFor(podCreateWebhooks(configurations), namespaceLabels, podLabels).map((w) => w.name),
    ).toEqual(names);
  });
});
