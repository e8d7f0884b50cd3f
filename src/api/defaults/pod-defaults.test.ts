import { describe, expect, it } from "vitest";
import { defaultJob } from "./job-defaults.js";
import { defaultPod, defaultPullPolicy } from "./pod-defaults.js";

let n = 0;
const context = { nowMs: Date.UTC(2026, 10, 22, 16, 45, 0, 123), ids: () => `uid-${++n}` };

describe("pod defaults", () => {
  it("fills what the API server fills, and nothing the user set", () => {
    n = 0;
    const pod: Record<string, unknown> = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          {
            name: "app",
            image: "nginx:1.27",
            ports: [{ containerPort: 80 }],
            readinessProbe: { httpGet: { port: 80 }, periodSeconds: 0 },
            livenessProbe: { exec: { command: ["true"] }, failureThreshold: 5 },
            env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          },
        ],
        volumes: [{ name: "scratch" }, { name: "cfg", configMap: { name: "c" } }],
      },
    };
    defaultPod(pod, context);
    expect(pod).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web",
        namespace: "default",
        uid: "uid-1",
        creationTimestamp: "2026-11-22T16:45:00Z",
      },
      spec: {
        restartPolicy: "Always",
        terminationGracePeriodSeconds: 30,
        dnsPolicy: "ClusterFirst",
        schedulerName: "default-scheduler",
        containers: [
          {
            name: "app",
            image: "nginx:1.27",
            imagePullPolicy: "IfNotPresent",
            terminationMessagePath: "/dev/termination-log",
            terminationMessagePolicy: "File",
            ports: [{ containerPort: 80, protocol: "TCP" }],
            readinessProbe: {
              httpGet: { port: 80, path: "/", scheme: "HTTP" },
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
            },
            livenessProbe: {
              exec: { command: ["true"] },
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 5,
            },
            env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } } }],
          },
        ],
        volumes: [
          { name: "scratch", emptyDir: {} },
          { name: "cfg", configMap: { name: "c", defaultMode: 0o644 } },
        ],
      },
    });
  });

  it.each([
    ["busybox", "Always"],
    ["busybox:latest", "Always"],
    ["registry:5000/team/app", "Always"],
    ["registry:5000/team/app:1.0", "IfNotPresent"],
    ["app@sha256:abcd", "IfNotPresent"],
    ["nginx:1.27", "IfNotPresent"],
  ])("image %s pulls %s by default", (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it("generates a name from generateName with the injected ids", () => {
    const pod: Record<string, unknown> = { metadata: { generateName: "web-" }, spec: { containers: [] } };
    defaultPod(pod, { nowMs: 0, ids: () => "AB-12cd-ef" });
    expect((pod.metadata as { name: string }).name).toBe("web-ab12c");
  });
});

describe("job defaults", () => {
  it("sets counts, mode, and the controller's labels and selector; leaves restartPolicy to the user", () => {
    const job: Record<string, unknown> = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "pi" },
      spec: {
        template: {
          metadata: { labels: { app: "pi" } },
          spec: { containers: [{ name: "pi", image: "perl:5" }] },
        },
      },
    };
    defaultJob(job, { nowMs: 0, ids: () => "u1" });
    const spec = job.spec as Record<string, unknown>;
    expect(job.metadata).toEqual({
      name: "pi",
      namespace: "default",
      uid: "u1",
      creationTimestamp: "1970-01-01T00:00:00Z",
      labels: { app: "pi" },
    });
    expect(spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      manualSelector: false,
    });
    expect(spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": "u1" } });
    expect(spec.template).toMatchObject({
      metadata: {
        labels: {
          app: "pi",
          "batch.kubernetes.io/controller-uid": "u1",
          "batch.kubernetes.io/job-name": "pi",
          "controller-uid": "u1",
          "job-name": "pi",
        },
      },
    });
    expect((spec.template as { spec: Record<string, unknown> }).spec.restartPolicy).toBeUndefined();
  });

  it("defaults only parallelism when completions is set, and vice versa keeps completions unset", () => {
    const a: Record<string, unknown> = {
      metadata: { name: "a" },
      spec: { completions: 5, template: { spec: {} } },
    };
    const b: Record<string, unknown> = {
      metadata: { name: "b" },
      spec: { parallelism: 3, template: { spec: {} } },
    };
    defaultJob(a, { nowMs: 0, ids: () => "u" });
    defaultJob(b, { nowMs: 0, ids: () => "u" });
    expect(a.spec).toMatchObject({ completions: 5, parallelism: 1 });
    expect((b.spec as Record<string, unknown>).completions).toBeUndefined();
  });
});
