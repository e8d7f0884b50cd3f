import { describe, expect, it } from "vitest";
import type { ConfigMap, Pod, Secret } from "../api/index.js";
import { resolveVolumes, tokenRequestKeys } from "./container-volumes.js";
import { lookupInLists } from "./object-lookup.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const configMaps: ConfigMap[] = [
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cfg", namespace: "default" },
    data: { "b.conf": "B", "a.conf": "A" },
    binaryData: { bin: "AAE=" },
  },
];
const secrets: Secret[] = [
  {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s", namespace: "default" },
    data: { token: "dG9r" },
  },
];

function pod(volumes: NonNullable<Pod["spec"]["volumes"]>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      uid: "u",
      labels: { tier: "db", app: "web" },
      annotations: { a: 'q"uote' },
    },
    spec: { containers: [{ name: "app", image: "a", resources: { limits: { memory: "64Mi" } } }], volumes },
  };
}

describe("resolveVolumes", () => {
  it("an emptyDir keeps its medium Memory and its sizeLimit in bytes (Value(), rounded up); a zero limit is none", () => {
    const volumes = resolveVolumes(
      pod([
        { name: "mem", emptyDir: { medium: "Memory", sizeLimit: "1.5Ki" } },
        { name: "disk", emptyDir: { sizeLimit: "0" } },
        { name: "odd", emptyDir: { sizeLimit: "100m" } },
      ]),
      lookupInLists({ configMaps, secrets }),
    );
    expect(volumes).toEqual([
      { name: "mem", kind: "emptyDir", medium: "Memory", sizeLimitBytes: 1536 },
      { name: "disk", kind: "emptyDir" },
      { name: "odd", kind: "emptyDir", sizeLimitBytes: 1 },
    ]);
  });

  it("passes emptyDir and hostPath through", () => {
    expect(
      resolveVolumes(
        pod([
          { name: "e", emptyDir: {} },
          { name: "h", hostPath: { path: "/tmp", type: "Directory" } },
        ]),
        lookupInLists({ configMaps, secrets }),
      ),
    ).toEqual([
      { name: "e", kind: "emptyDir" },
      { name: "h", kind: "hostPath", path: "/tmp", type: "Directory" },
    ]);
  });

  it("projects every ConfigMap key, sorted, with the default mode 0644", () => {
    const [volume] = resolveVolumes(
      pod([{ name: "c", configMap: { name: "cfg" } }]),
      lookupInLists({ configMaps, secrets }),
    );
    expect(volume?.kind === "files" && volume.files.map((f) => [f.path, [...f.data], f.mode])).toEqual([
      ["a.conf", [65], 0o644],
      ["b.conf", [66], 0o644],
      ["bin", [0, 1], 0o644],
    ]);
  });

  it("projects only the listed items, with their own mode or the volume's defaultMode", () => {
    const [volume] = resolveVolumes(
      pod([
        {
          name: "c",
          configMap: {
            name: "cfg",
            defaultMode: 0o600,
            items: [
              { key: "a.conf", path: "conf/a" },
              { key: "b.conf", path: "b", mode: 0o400 },
              { key: "gone", path: "x" },
            ],
          },
        },
      ]),
      lookupInLists({ configMaps, secrets }),
    );
    expect(volume?.kind === "files" && volume.files.map((f) => [f.path, text(f.data), f.mode])).toEqual([
      ["conf/a", "A", 0o600],
      ["b", "B", 0o400],
    ]);
  });

  it("decodes Secret data and yields an empty volume for a missing optional object", () => {
    const volumes = resolveVolumes(
      pod([
        { name: "s", secret: { secretName: "s" } },
        { name: "o", secret: { secretName: "none", optional: true } },
      ]),
      lookupInLists({ configMaps, secrets }),
    );
    expect(volumes.map((v) => v.kind === "files" && v.files.map((f) => [f.path, text(f.data)]))).toEqual([
      [["token", "tok"]],
      [],
    ]);
  });

  it("writes downward API files in the kubelet's format", () => {
    const [volume] = resolveVolumes(
      pod([
        {
          name: "info",
          downwardAPI: {
            items: [
              { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
              { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } },
              { path: "name", fieldRef: { fieldPath: "metadata.name" } },
              {
                path: "mem",
                resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" },
              },
            ],
          },
        },
      ]),
      lookupInLists({ configMaps, secrets }),
    );
    expect(volume?.kind === "files" && volume.files.map((f) => [f.path, text(f.data), f.mode])).toEqual([
      ["labels", 'app="web"\ntier="db"', 0o644],
      ["annotations", 'a="q\\"uote"', 0o644],
      ["name", "web", 0o644],
      ["mem", "64", 0o644],
    ]);
  });
});

describe("resolveVolumes: projected volumes (pkg/volume/projected collectData)", () => {
  /** The volume the ServiceAccount admission plugin adds to every pod (plugin/pkg/admission/serviceaccount). */
  const kubeApiAccess = {
    name: "kube-api-access-x7k2p",
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
          },
        },
      ],
    },
  };
  const rootCa: ConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-root-ca.crt", namespace: "default" },
    data: { "ca.crt": "-----BEGIN CERTIFICATE-----" },
  };

  it("the ServiceAccount admission's kube-api-access volume: the token, ca.crt and namespace files", () => {
    const lookup = lookupInLists({
      configMaps: [rootCa],
      secrets: [],
      serviceAccountTokens: [{ audience: "", expirationSeconds: 3607, token: "eyJhbGciOi" }],
    });
    const [volume] = resolveVolumes(pod([kubeApiAccess]), lookup);
    expect(volume?.kind === "files" && volume.files.map((f) => [f.path, text(f.data), f.mode])).toEqual([
      ["token", "eyJhbGciOi", 0o644],
      ["ca.crt", "-----BEGIN CERTIFICATE-----", 0o644],
      ["namespace", "default", 0o644],
    ]);
  });

  it("sources take the projected volume's defaultMode, an item's mode wins, and a later source overwrites a path", () => {
    const lookup = lookupInLists({ configMaps, secrets });
    const [volume] = resolveVolumes(
      pod([
        {
          name: "all",
          projected: {
            defaultMode: 0o400,
            sources: [
              { configMap: { name: "cfg", items: [{ key: "a.conf", path: "x" }] } },
              { secret: { name: "s", items: [{ key: "token", path: "x", mode: 0o600 }] } },
              { secret: { name: "s" } },
              { configMap: { name: "absent", optional: true } },
            ],
          },
        },
      ]),
      lookup,
    );
    expect(volume?.kind === "files" && volume.files.map((f) => [f.path, text(f.data), f.mode])).toEqual([
      ["x", "tok", 0o600],
      ["token", "tok", 0o400],
    ]);
  });

  it("a token not fetched (podvisor run has none) leaves its file out", () => {
    const [volume] = resolveVolumes(
      pod([kubeApiAccess]),
      lookupInLists({ configMaps: [rootCa], secrets: [] }),
    );
    expect(volume?.kind === "files" && volume.files.map((f) => f.path)).toEqual(["ca.crt", "namespace"]);
  });

  it("tokenRequestKeys: one per audience and lifetime; the API's default lifetime is 1 h", () => {
    const keys = tokenRequestKeys(
      pod([
        kubeApiAccess,
        {
          name: "vault",
          projected: {
            sources: [
              { serviceAccountToken: { audience: "vault", path: "t" } },
              { serviceAccountToken: { audience: "vault", path: "again" } },
            ],
          },
        },
      ]),
    );
    expect(keys).toEqual([
      { audience: "", expirationSeconds: 3607 },
      { audience: "vault", expirationSeconds: 3600 },
    ]);
  });
});
