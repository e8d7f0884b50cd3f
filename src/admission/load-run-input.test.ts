import { describe, expect, it } from "vitest";
import { loadRunInput } from "./load-run-input.js";
/** The volume types the process backend provides (runtime/process/process-capabilities.ts). */
const processVolumeTypes = ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI"];

const context = () => {
  let n = 0;
  return { nowMs: 0, ids: () => `uid-${++n}` };
};

describe("loadRunInput", () => {
  it("decodes, defaults and sorts objects by kind", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: cfg }
data: { A: "1" }
---
apiVersion: v1
kind: Secret
metadata: { name: s }
stringData: { token: t }
---
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: busybox
      envFrom: [{ configMapRef: { name: cfg } }]
      env: [{ name: T, valueFrom: { secretKeyRef: { name: s, key: token } } }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: pi, image: perl }]
`;
    const input = loadRunInput([{ name: "all.yaml", text }], context());
    expect(input.errors).toEqual([]);
    expect(input.pods.map((p) => [p.metadata.name, p.spec.restartPolicy, p.metadata.uid])).toEqual([
      ["web", "Always", "uid-3"],
    ]);
    expect(input.jobs.map((j) => [j.metadata.name, j.spec.backoffLimit])).toEqual([["pi", 6]]);
    expect(input.configMaps.map((c) => c.metadata.name)).toEqual(["cfg"]);
    expect(input.secrets[0]?.data).toEqual({ token: "dA==" });
  });

  it("prefixes every problem with kind/name, all at once", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers: [{ name: init, image: a, startupProbe: { exec: { command: [x] } } }]
  containers: [{ name: app, image: a, restartPolicy: Sometimes }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: x }
spec: { template: { spec: { containers: [{ name: c, image: a }] } } }
`;
    expect(loadRunInput([{ name: "bad.yaml", text }], context()).errors).toEqual([
      'pod/web: spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      "pod/web: spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
      'job/x: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it("reports decoding errors next to validation errors", () => {
    const sources = [
      { name: "a.yaml", text: "a: b: c\n" },
      {
        name: "b.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [] }\n",
      },
    ];
    expect(loadRunInput(sources, context()).errors).toEqual([
      "a.yaml:1:4: Nested mappings are not allowed in compact mappings",
      "pod/p: spec.containers: Required value",
    ]);
  });

  it("reports two objects of one kind with the same name", () => {
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: a, image: b }] }\n";
    const input = loadRunInput(
      [
        { name: "one.yaml", text: pod },
        { name: "two.yaml", text: pod },
      ],
      context(),
    );
    expect(input.errors).toEqual([
      'pod/web: metadata.name: Duplicate value: "web": another Pod of this name is in one.yaml',
    ]);
  });

  it("requires referenced ConfigMaps and Secrets to be in the input unless optional", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  volumes: [{ name: certs, secret: { secretName: tls } }, { name: opt, configMap: { name: maybe, optional: true } }]
  containers:
    - name: app
      image: a
      envFrom: [{ configMapRef: { name: cfg } }]
      env: [{ name: X, valueFrom: { configMapKeyRef: { name: other, key: k, optional: true } } }]
`;
    expect(loadRunInput([{ name: "p.yaml", text }], context()).errors).toEqual([
      'pod/web: spec.containers[0].envFrom[0].configMapRef.name: Not found: "cfg": ConfigMap default/cfg is not in the input and podvisor has no cluster to fetch it from: add the ConfigMap to the input, or set optional: true',
      'pod/web: spec.volumes[0].secret.secretName: Not found: "tls": Secret default/tls is not in the input and podvisor has no cluster to fetch it from: add the Secret to the input, or set optional: true',
    ]);
  });

  it("rejects volume types podvisor cannot provide", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  volumes: [{ name: data, persistentVolumeClaim: { claimName: c } }]
  containers: [{ name: app, image: a }]
`;
    expect(
      loadRunInput([{ name: "p.yaml", text }], context(), { volumeTypes: processVolumeTypes }).errors,
    ).toEqual([
      "pod/web: spec.volumes[0].persistentVolumeClaim: Forbidden: not supported by podvisor (supported volume types: emptyDir, hostPath, configMap, secret, downwardAPI)",
    ]);
  });
});
