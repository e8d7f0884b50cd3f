import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultPod } from "../defaults/pod-defaults.js";
import { formatFieldError } from "../field-error.js";
import { validatePod } from "./pod.js";

let counter = 0;
const context = { nowMs: Date.UTC(2026, 0, 1), ids: () => `uid-${++counter}` };

/** Defaults then validates a pod whose `spec` is given as YAML; returns the formatted lines. */
function specErrors(specYaml: string, metadata: Record<string, unknown> = { name: "web" }): string[] {
  const pod = { apiVersion: "v1", kind: "Pod", metadata, spec: parse(specYaml) as unknown };
  defaultPod(pod, context);
  return validatePod(pod).map(formatFieldError);
}

const app = "containers: [{ name: app, image: busybox }]";

const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe("validatePod", () => {
  it("accepts a defaulted minimal pod and a pod with a sidecar carrying probes and hooks", () => {
    expect(specErrors(app)).toEqual([]);
    expect(
      specErrors(`
os: { name: linux }
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    startupProbe: { tcpSocket: { port: 9901 } }
    readinessProbe: { httpGet: { port: admin } }
    lifecycle: { preStop: { sleep: { seconds: 5 } }, stopSignal: SIGINT }
    ports: [{ name: admin, containerPort: 9901 }]
${app}`),
    ).toEqual([]);
  });

  const cases: [string, string, string[], Record<string, unknown>?][] = [
    [
      "metadata.name or generateName is required",
      app,
      ["metadata.name: Required value: name or generateName is required"],
      {},
    ],
    [
      "metadata.name must be a DNS-1123 subdomain",
      app,
      [`metadata.name: Invalid value: "Web_1": ${subdomainMsg}`],
      { name: "Web_1" },
    ],
    ["generateName may end in a dash", app, [], { generateName: "web-" }],
    [
      "label keys are qualified names and values are label values",
      app,
      [
        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        "metadata.labels: Invalid value: \"not ok\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        'metadata.annotations: Invalid value: "/x": prefix part must be non-empty',
      ],
      {
        name: "web",
        labels: { "a/b/c": "v", "app.kubernetes.io/name": "not ok" },
        annotations: { "/x": "1", "Example.com/Key": "ok" },
      },
    ],
    ["spec.containers is required", "{}", ["spec.containers: Required value"]],
    ["spec.containers may not be empty", "containers: []", ["spec.containers: Required value"]],
    [
      "spec.containers must be an array",
      'containers: "x"',
      ['spec.containers: Invalid value: "x": must be an array'],
    ],
    [
      "a container needs a name",
      "containers: [{ image: busybox }]",
      ["spec.containers[0].name: Required value"],
    ],
    [
      "a container name must be a DNS-1123 label",
      "containers: [{ name: My_App, image: busybox }]",
      [`spec.containers[0].name: Invalid value: "My_App": ${labelMsg}`],
    ],
    [
      "a container needs an image",
      "containers: [{ name: app }]",
      ["spec.containers[0].image: Required value"],
    ],
    [
      "command given as a string is a type error",
      'containers: [{ name: app, image: busybox, command: "sleep 1" }]',
      ['spec.containers[0].command: Invalid value: "sleep 1": must be an array of strings'],
    ],
    [
      "a number among args is a type error",
      'containers: [{ name: app, image: busybox, args: ["--port", 8080] }]',
      ["spec.containers[0].args[1]: Invalid value: 8080: must be a string"],
    ],
    [
      "container names are unique among regular containers",
      "containers: [{ name: app, image: a }, { name: app, image: b }]",
      ['spec.containers[1].name: Duplicate value: "app"'],
    ],
    [
      "container names are unique across init and regular containers (G7)",
      `initContainers: [{ name: app, image: a }]\n${app}`,
      ['spec.initContainers[0].name: Duplicate value: "app"'],
    ],
    [
      "pod restartPolicy must be a known value (G10)",
      `restartPolicy: Sometimes\n${app}`,
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      "an init container with restartPolicy Never or OnFailure is a regular init container with its own policy (G1, ContainerRestartRules on)",
      `initContainers: [{ name: a, image: a, restartPolicy: OnFailure }, { name: b, image: a, restartPolicy: Never }]\n${app}`,
      [],
    ],
    [
      "an init container restartPolicy must be Always, Never or OnFailure (G1)",
      `initContainers: [{ name: init, image: a, restartPolicy: Sometimes }]\n${app}`,
      [
        'spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      ],
    ],
    [
      "a regular container may set its own restartPolicy (G2, ContainerRestartRules on)",
      "containers: [{ name: app, image: a, restartPolicy: Always }]",
      [],
    ],
    [
      "probes and lifecycle are forbidden on plain init containers (G3)",
      `initContainers:
  - name: init
    image: a
    lifecycle: { preStop: { exec: { command: [x] } } }
    livenessProbe: { exec: { command: [x] } }
    readinessProbe: { exec: { command: [x] } }
    startupProbe: { exec: { command: [x] } }
${app}`,
      [
        "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
        "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
      ],
    ],
    [
      "a probe needs a handler (G5)",
      "containers: [{ name: app, image: a, livenessProbe: { periodSeconds: 5 } }]",
      ["spec.containers[0].livenessProbe: Required value: must specify a handler type"],
    ],
    [
      "a probe has at most one handler, the extra one is forbidden (G5)",
      "containers: [{ name: app, image: a, readinessProbe: { exec: { command: [x] }, tcpSocket: { port: 80 } } }]",
      ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"],
    ],
    [
      "probe numbers must be non-negative (G5)",
      "containers: [{ name: app, image: a, readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: -1, failureThreshold: -2 } }]",
      [
        "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
        "spec.containers[0].readinessProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0",
      ],
    ],
    [
      "liveness and startup successThreshold must be 1 (G5)",
      "containers: [{ name: app, image: a, livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 }, startupProbe: { tcpSocket: { port: 80 }, successThreshold: 3 } }]",
      [
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
        "spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1",
      ],
    ],
    [
      "readiness probes may not set terminationGracePeriodSeconds (G5)",
      "containers: [{ name: app, image: a, readinessProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 5 } }]",
      [
        "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
      ],
    ],
    [
      "probe terminationGracePeriodSeconds must be positive (G5)",
      "containers: [{ name: app, image: a, livenessProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 0 } }]",
      [
        "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
      ],
    ],
    [
      "exec needs a command, ports must be in range, schemes are HTTP or HTTPS",
      "containers: [{ name: app, image: a, livenessProbe: { exec: {} }, readinessProbe: { httpGet: { port: 70000, scheme: FTP } }, startupProbe: { grpc: { port: 0 } } }]",
      [
        "spec.containers[0].livenessProbe.exec.command: Required value",
        "spec.containers[0].readinessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
        'spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
        "spec.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive",
      ],
    ],
    [
      "a named probe port must be an IANA service name",
      "containers: [{ name: app, image: a, livenessProbe: { tcpSocket: { port: Web--Port } } }]",
      [
        'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "Web--Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: "Web--Port": must not contain consecutive hyphens',
      ],
    ],
    [
      "a sleep hook longer than the grace period is invalid (G6)",
      "terminationGracePeriodSeconds: 10\ncontainers: [{ name: app, image: a, lifecycle: { preStop: { sleep: { seconds: 11 } } } }]",
      [
        "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 11: must be non-negative and less than terminationGracePeriodSeconds (10)",
      ],
    ],
    [
      "a sleep hook equal to the grace period or zero is accepted (G6)",
      "terminationGracePeriodSeconds: 10\ncontainers: [{ name: app, image: a, lifecycle: { preStop: { sleep: { seconds: 10 } }, postStart: { sleep: { seconds: 0 } } } }]",
      [],
    ],
    [
      "a negative sleep is invalid (G6)",
      "containers: [{ name: app, image: a, lifecycle: { postStart: { sleep: { seconds: -1 } } } }]",
      [
        "spec.containers[0].lifecycle.postStart.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)",
      ],
    ],
    [
      "stopSignal needs spec.os.name (KEP-4960)",
      "containers: [{ name: app, image: a, lifecycle: { stopSignal: SIGINT } }]",
      [
        "spec.containers[0].lifecycle.stopSignal: Forbidden: may not be set for containers with empty `spec.os.name`",
      ],
    ],
    [
      "stopSignal must be one the pod's OS supports (KEP-4960)",
      "os: { name: windows }\ncontainers: [{ name: app, image: a, lifecycle: { stopSignal: SIGINT } }]",
      [
        'spec.containers[0].lifecycle.stopSignal: Unsupported value: "SIGINT": supported values: "SIGKILL", "SIGTERM"',
      ],
    ],
    [
      "a negative pod grace period is invalid",
      `terminationGracePeriodSeconds: -1\n${app}`,
      ["spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      "activeDeadlineSeconds must be positive",
      `activeDeadlineSeconds: 0\n${app}`,
      ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
    ],
    [
      "volume names are unique and a mount of an invalid volume is not found",
      "volumes: [{ name: data, emptyDir: {} }, { name: data, emptyDir: {} }]\ncontainers: [{ name: app, image: a, volumeMounts: [{ name: data, mountPath: /d }, { name: nope, mountPath: /n }] }]",
      [
        'spec.volumes[1].name: Duplicate value: "data"',
        'spec.containers[0].volumeMounts[1].name: Not found: "nope"',
      ],
    ],
    [
      "mountPath is required and unique per container",
      "volumes: [{ name: data, emptyDir: {} }]\ncontainers: [{ name: app, image: a, volumeMounts: [{ name: data }, { name: data, mountPath: /d }, { name: data, mountPath: /d }] }]",
      [
        "spec.containers[0].volumeMounts[0].mountPath: Required value",
        'spec.containers[0].volumeMounts[2].mountPath: Invalid value: "/d": must be unique',
      ],
    ],
    [
      "subPath must stay inside the volume",
      "volumes: [{ name: data, emptyDir: {} }]\ncontainers: [{ name: app, image: a, volumeMounts: [{ name: data, mountPath: /d, subPath: ../x }] }]",
      ["spec.containers[0].volumeMounts[0].subPath: Invalid value: \"../x\": must not contain '..'"],
    ],
    [
      "a volume may have only one source",
      "volumes: [{ name: data, emptyDir: {}, hostPath: { path: /tmp } }]\n" + app,
      // Upstream walks the sources in VolumeSource field order: hostPath comes before emptyDir.
      ["spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type"],
    ],
    [
      "configMap volume needs a name, modes are at most 0777",
      "volumes: [{ name: cfg, configMap: { defaultMode: 1000, items: [{ key: a, path: /abs }] } }]\n" + app,
      [
        "spec.volumes[0].configMap.name: Required value",
        "spec.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive",
        'spec.volumes[0].configMap.items[0].path: Invalid value: "/abs": must be a relative path',
      ],
    ],
    [
      "projected volume (validateProjectionSources): one kind per source, names, no duplicate paths, a token of 10 min or more at a local path",
      "volumes: [{ name: p, projected: { sources: [{ configMap: { name: a, items: [{ key: k, path: x }] }, secret: { name: s } }, { configMap: { items: [{ key: k, path: x }] } }, { serviceAccountToken: { expirationSeconds: 60, path: ../t } }] } }]\n" +
        app,
      [
        "spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source",
        "spec.volumes[0].projected.sources[1].configMap.name: Required value",
        'spec.volumes[0].projected: Invalid value: "": conflicting duplicate paths',
        "spec.volumes[0].projected.sources[2].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
        "spec.volumes[0].projected.path: Invalid value: \"../t\": must not contain '..'",
        "spec.volumes[0].projected.path: Invalid value: \"../t\": must not start with '..'",
      ],
    ],
    [
      "the ServiceAccount admission's kube-api-access volume is valid",
      "volumes: [{ name: kube-api-access-x, projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: token } }, { configMap: { name: kube-root-ca.crt, items: [{ key: ca.crt, path: ca.crt }] } }, { downwardAPI: { items: [{ path: namespace, fieldRef: { apiVersion: v1, fieldPath: metadata.namespace } }] } }] } }]\n" +
        app,
      [],
    ],
    [
      "container ports: range, required, protocol, unique names",
      "containers: [{ name: app, image: a, ports: [{ containerPort: 0 }, { containerPort: 70000, protocol: HTTP }, { name: web, containerPort: 80 }, { name: web, containerPort: 81 }] }]",
      [
        "spec.containers[0].ports[0].containerPort: Required value",
        "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
        'spec.containers[0].ports[3].name: Duplicate value: "web"',
      ],
    ],
    [
      "port names are at most 15 characters with a letter",
      "containers: [{ name: app, image: a, ports: [{ name: a-very-long-port-name, containerPort: 1 }, { name: '8080', containerPort: 2 }] }]",
      [
        'spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters',
        'spec.containers[0].ports[1].name: Invalid value: "8080": must contain at least one letter (a-z)',
      ],
    ],
    [
      "env var names are printable ASCII without '=' (RelaxedEnvironmentVariableValidation, GA 1.34)",
      "containers: [{ name: app, image: a, env: [{ name: 'A=B', value: x }, { name: '1-dotted.name ok', value: y }, { value: z }] }]",
      [
        "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
        "spec.containers[0].env[2].name: Required value",
      ],
    ],
    [
      "valueFrom with a value, or with two sources, is invalid",
      "containers: [{ name: app, image: a, env: [{ name: A, value: x, valueFrom: { fieldRef: { fieldPath: metadata.name } } }, { name: B, valueFrom: { configMapKeyRef: { name: c, key: k }, secretKeyRef: { name: s, key: k } } }, { name: C, valueFrom: {} }] }]",
      [
        'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
        'spec.containers[0].env[1].valueFrom: Invalid value: "": may not have more than one field specified at a time',
        'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ],
    ],
    [
      "fieldRef paths are the downward API's",
      "containers: [{ name: app, image: a, env: [{ name: A, valueFrom: { fieldRef: { fieldPath: status.phase } } }, { name: B, valueFrom: { fieldRef: { fieldPath: spec.bogus } } }, { name: C, valueFrom: { fieldRef: { fieldPath: \"metadata.labels['app']\" } } }, { name: D, valueFrom: { fieldRef: { fieldPath: \"metadata.name['x']\" } } }] }]",
      [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
        'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus',
        "spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name['x']\": error converting fieldPath: field label does not support subscript: metadata.name['x']",
      ],
    ],
    [
      "configMapKeyRef key must be a config key",
      "containers: [{ name: app, image: a, env: [{ name: A, valueFrom: { configMapKeyRef: { name: cfg, key: 'a b' } } }] }]",
      [
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    [
      "envFrom needs exactly one source and a name",
      "containers: [{ name: app, image: a, envFrom: [{ prefix: P_ }, { configMapRef: {} }] }]",
      [
        'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
        "spec.containers[0].envFrom[1].configMapRef.name: Required value",
      ],
    ],
  ];

  it.each(cases)("%s", (_name, spec, expected, metadata) => {
    expect(specErrors(spec, metadata ?? { name: "web" })).toEqual(expected);
  });

  it("reports every problem at once", () => {
    const lines = specErrors(
      "restartPolicy: Sometimes\ncontainers: [{ name: App, restartPolicy: Sometimes }]",
      {},
    );
    expect(lines).toEqual([
      "metadata.name: Required value: name or generateName is required",
      `spec.containers[0].name: Invalid value: "App": ${labelMsg}`,
      "spec.containers[0].image: Required value",
      'spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it("prefixes paths for a pod template", () => {
    const template = {
      spec: {
        restartPolicy: "Never",
        terminationGracePeriodSeconds: 30,
        dnsPolicy: "ClusterFirst",
        containers: [
          {
            name: "x",
            image: "a",
            terminationMessagePolicy: "File",
            imagePullPolicy: "Always",
            restartPolicyRules: [{ action: "Restart", exitCodes: { operator: "In", values: [42] } }],
          },
        ],
      },
    };
    expect(validatePod(template, "spec.template").map(formatFieldError)).toEqual([
      "spec.template.spec.containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
    ]);
  });
});
