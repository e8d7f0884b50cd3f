import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  type ConfigMap,
  type Container,
  type Pod,
  type Secret,
  formatMap,
  resourceFieldValue,
} from "../api/index.js";
import { expandVariables, resolveContainerEnv } from "./container-env.js";
import { lookupInLists } from "./object-lookup.js";

describe("expandVariables (k8s third_party/forked/golang/expansion, cases of expand_test.go)", () => {
  const context: Record<string, string> = {
    VAR_A: "A",
    VAR_B: "B",
    VAR_C: "C",
    VAR_REF: "$(VAR_A)",
    VAR_EMPTY: "",
  };
  const lookup = (name: string) => context[name];
  it.each([
    ["whole string", "$(VAR_A)", "A"],
    ["repeat", "$(VAR_A)-$(VAR_A)", "A-A"],
    ["beginning", "$(VAR_A)-1", "A-1"],
    ["middle", "___$(VAR_B)___", "___B___"],
    ["end", "___$(VAR_C)", "___C"],
    ["compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"],
    ["escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"],
    ["compound escape", "$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"],
    ["mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A"],
    ["backslash escape ignored", "foo\\$(VAR_C)bar", "foo\\Cbar"],
    ["backslash escape ignored, doubled", "foo\\\\$(VAR_C)bar", "foo\\\\Cbar"],
    ["lots of backslashes", "foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar"],
    ["nested var references", "$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"],
    ["nested var references second type", "$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"],
    ["value is a reference (not expanded again)", "$(VAR_REF)", "$(VAR_A)"],
    ["value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"],
    ["empty var", "foo$(VAR_EMPTY)bar", "foobar"],
    ["unterminated expression", "foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"],
    ["expression without operator", "f00__(VAR_A)__", "f00__(VAR_A)__"],
    ["shell special vars pass through", "$?_boo_$!", "$?_boo_$!"],
    ["bare operators are ignored", "$VAR_A", "$VAR_A"],
    ["undefined vars are passed through", "$(VAR_DNE)", "$(VAR_DNE)"],
    ["multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"],
    ["multiple (even) operators, var defined", "$$$$$$(VAR_A)", "$$$(VAR_A)"],
    ["multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"],
    ["multiple (odd) operators, var defined", "$$$$$$$(VAR_A)", "$$$A"],
    ["missing open expression", "$VAR_A)", "$VAR_A)"],
    ["shell syntax ignored", "${VAR_A}", "${VAR_A}"],
    ["trailing incomplete expression not consumed", "$(VAR_B)_______$(A", "B_______$(A"],
    ["trailing incomplete expression, no content, is not consumed", "$(VAR_C)_______$(", "C_______$("],
    ["operator at end of input string is preserved", "$(VAR_A)foobarzab$", "Afoobarzab$"],
    ["shell escaped incomplete expr", "foo-\\$(VAR_A", "foo-\\$(VAR_A"],
    ["lots of $( in middle", "--$($($($($--", "--$($($($($--"],
    ["lots of $( in beginning", "$($($($($--foo$(", "$($($($($--foo$("],
    ["lots of $( at end", "foo0--$($($($(", "foo0--$($($($("],
    ["escaped operators in variable names are not escaped", "$(foo$$var)", "$(foo$$var)"],
    ["newline not expanded", "\n", "\n"],
  ])("%s: %j → %j", (_name, input, expected) => {
    expect(expandVariables(input, lookup)).toBe(expected);
  });

  it("leaves any string without `$` unchanged", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("$")),
        (s) => expandVariables(s, lookup) === s,
      ),
    );
  });

  it("undoes escaping: every `$$` with no reference becomes `$`", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]*$/), (s) => expandVariables(`$$${s}`, lookup) === `$${s}`),
    );
  });
});

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web",
    namespace: "default",
    uid: "u-1",
    labels: { app: "web" },
    annotations: { note: "hi" },
  },
  spec: { serviceAccountName: "sa", containers: [] },
};
const configMaps: ConfigMap[] = [
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cfg", namespace: "default" },
    data: { HOST: "db", "1BAD=": "x", PORT: "5432" },
  },
];
const secrets: Secret[] = [
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s", namespace: "default" },
    data: { password: "czNjcjN0" },
  },
];
const sources = {
  objects: lookupInLists({ configMaps, secrets }),
  podIP: "127.0.0.1",
  hostIP: "10.0.0.1",
  nodeName: "node-a",
};
const container = (extra: Partial<Container>): Container => ({ name: "app", image: "a", ...extra });

describe("resolveContainerEnv", () => {
  it("applies envFrom with prefix, then env in order, skipping invalid keys with a warning", () => {
    const result = resolveContainerEnv(
      pod,
      container({
        envFrom: [{ prefix: "DB_", configMapRef: { name: "cfg" } }],
        env: [
          { name: "URL", value: "postgres://$(DB_HOST):$(DB_PORT)/$(MISSING)" },
          { name: "DB_HOST", value: "override" },
          { name: "PASS", valueFrom: { secretKeyRef: { name: "s", key: "password" } } },
        ],
      }),
      sources,
    );
    expect(result).toEqual({
      env: [
        ["DB_HOST", "override"],
        ["DB_PORT", "5432"],
        ["URL", "postgres://db:5432/$(MISSING)"],
        ["PASS", "s3cr3t"],
      ],
      warnings: [
        "Keys [DB_1BAD=] from the EnvFrom configMap default/cfg were skipped since they are considered invalid environment variable names.",
      ],
    });
  });

  it("resolves downward API field references", () => {
    const fields = [
      "metadata.name",
      "metadata.namespace",
      "metadata.uid",
      "metadata.labels['app']",
      "metadata.annotations['note']",
      "metadata.labels['none']",
      "spec.nodeName",
      "spec.serviceAccountName",
      "status.hostIP",
      "status.hostIPs",
      "status.podIP",
      "status.podIPs",
    ];
    const result = resolveContainerEnv(
      pod,
      container({
        env: fields.map((fieldPath, i) => ({ name: `F${i}`, valueFrom: { fieldRef: { fieldPath } } })),
      }),
      sources,
    );
    expect("env" in result && result.env.map(([, v]) => v)).toEqual([
      "web",
      "default",
      "u-1",
      "web",
      "hi",
      "",
      "node-a",
      "sa",
      "10.0.0.1",
      "10.0.0.1",
      "127.0.0.1",
      "127.0.0.1",
    ]);
  });

  it("resolves resource field references with divisors", () => {
    const c = container({
      resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m" } },
      env: [
        { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
        { name: "MCPU", valueFrom: { resourceFieldRef: { resource: "requests.cpu", divisor: "1m" } } },
        { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
      ],
    });
    expect(resolveContainerEnv(pod, c, sources)).toMatchObject({
      env: [
        ["CPU", "1"],
        ["MCPU", "250"],
        ["MEM", "128"],
      ],
    });
  });

  it("fails with the kubelet's CreateContainerConfigError text for a missing key or object", () => {
    expect(
      resolveContainerEnv(
        pod,
        container({ env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "NOPE" } } }] }),
        sources,
      ),
    ).toEqual({
      error: "couldn't find key NOPE in ConfigMap default/cfg",
    });
    expect(
      resolveContainerEnv(
        pod,
        container({ env: [{ name: "X", valueFrom: { secretKeyRef: { name: "s", key: "user" } } }] }),
        sources,
      ),
    ).toEqual({
      error: "couldn't find key user in Secret default/s",
    });
    expect(
      resolveContainerEnv(pod, container({ envFrom: [{ secretRef: { name: "gone" } }] }), sources),
    ).toEqual({ error: 'secret "gone" not found' });
  });

  it("skips optional references that are missing", () => {
    const c = container({
      envFrom: [{ configMapRef: { name: "gone", optional: true } }],
      env: [
        { name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "NOPE", optional: true } } },
        { name: "Y", value: "$(X)" },
      ],
    });
    expect(resolveContainerEnv(pod, c, sources)).toEqual({ env: [["Y", "$(X)"]], warnings: [] });
  });
});

describe("helpers", () => {
  it('formats maps as sorted key="value" lines', () => {
    expect(formatMap({ b: "2", a: 'say "hi"' })).toBe('a="say \\"hi\\""\nb="2"');
  });
  it.each([
    ["limits.cpu", "500m", undefined, "1"],
    ["limits.cpu", "500m", "1m", "500"],
    ["limits.cpu", "1.5", "100m", "15"],
    ["limits.memory", "1Gi", "1Mi", "1024"],
    ["limits.memory", "1000M", undefined, "1000000000"],
    ["limits.memory", "1001", "1k", "2"],
  ])(
    "resourceFieldRef %s of %s with divisor %s is %s (exact quantities, rounded up)",
    (resource, value, divisor, expected) => {
      const [, name = ""] = resource.split(".");
      const container = { name: "c", resources: { limits: { [name]: value } } };
      const pod = {
        apiVersion: "v1" as const,
        kind: "Pod" as const,
        metadata: {},
        spec: { containers: [container] },
      };
      expect(resourceFieldValue(pod, container, { resource, ...(divisor ? { divisor } : {}) })).toBe(
        expected,
      );
    },
  );
});
