import { describe, expect, it } from "vitest";
import { JsonPathError, executeJsonPath } from "./jsonpath.js";

const list = {
  kind: "List",
  items: [
    {
      metadata: { name: "web", labels: { "app.kubernetes.io/name": "shop" } },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "app", restartCount: 2 },
          { name: "log", restartCount: 0 },
        ],
      },
    },
    { metadata: { name: "batch" }, status: { phase: "Succeeded", containerStatuses: [] } },
  ],
};

describe("executeJsonPath (kubectl's JSONPath templates)", () => {
  it.each([
    {
      name: "a wildcard over items joins the results with spaces",
      template: "{.items[*].metadata.name}",
      want: "web batch",
    },
    {
      name: "text outside braces is printed as is",
      template: "pods: {.items[0].metadata.name}!",
      want: "pods: web!",
    },
    {
      name: "range ... end repeats its body for each item, with string literals",
      template: '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
      want: "web\tRunning\nbatch\tSucceeded\n",
    },
    {
      name: "a filter picks list elements by a field",
      template: '{.items[0].status.containerStatuses[?(@.name=="app")].restartCount}',
      want: "2",
    },
    {
      name: "a numeric filter compares numbers",
      template: "{.items[0].status.containerStatuses[?(@.restartCount>0)].name}",
      want: "app",
    },
    { name: "a negative index counts from the end", template: "{.items[-1].metadata.name}", want: "batch" },
    { name: "a slice takes a range of elements", template: "{.items[0:1].metadata.name}", want: "web" },
    {
      name: "a quoted subscript reads keys with dots",
      template: "{.items[0].metadata.labels['app.kubernetes.io/name']}",
      want: "shop",
    },
    {
      name: "an escaped dot reads keys with dots too",
      template: "{.items[0].metadata.labels.app\\.kubernetes\\.io/name}",
      want: "shop",
    },
    { name: "recursive descent finds a key at any depth", template: "{..phase}", want: "Running Succeeded" },
    {
      name: "a missing key prints nothing (allow-missing-template-keys)",
      template: "[{.items[0].spec.nodeName}]",
      want: "[]",
    },
    { name: "objects and lists print as JSON", template: "{.items[1].status.containerStatuses}", want: "[]" },
    { name: "$ is the root", template: "{$.kind}", want: "List" },
  ])("$name", ({ template, want }) => {
    expect(executeJsonPath(template, list)).toBe(want);
  });

  it.each([
    { name: "an unclosed range is an error naming {end}", template: "{range .items[*]}{.x}" },
    { name: "an unclosed brace is an error", template: "{.items" },
    { name: "a path without its leading dot is an error", template: "{items}" },
  ])("$name", ({ template }) => {
    expect(() => executeJsonPath(template, list)).toThrow(JsonPathError);
  });
});
