import { describe, expect, it } from "vitest";
import { loadRunInput } from "./load-run-input.js";

const context = () => {
  let n = 0;
  return { nowMs: 0, ids: () => `uid-${++n}` };
};

const podWith = (waitFor: string, kind: "Pod" | "Job") => {
  const pod = `metadata:
  name: web
  annotations:
    podvisor.dev/wait-for: "${waitFor}"
spec:
  restartPolicy: Never
  initContainers: [{ name: proxy, image: envoy, restartPolicy: Always }]
  containers: [{ name: app, image: busybox }, { name: worker, image: busybox }]`;
  if (kind === "Pod") return `apiVersion: v1\nkind: Pod\n${pod}`;
  const template = pod.replace("  name: web\n", "").replace(/^/gm, "    ");
  return `apiVersion: batch/v1\nkind: Job\nmetadata: { name: batch }\nspec:\n  template:\n${template}`;
};

describe("podvisor run refuses a bad podvisor.dev/wait-for annotation before anything starts", () => {
  it("reports every problem at once, the cycle named, on the annotation's field path", () => {
    const input = loadRunInput(
      [{ name: "pod.yaml", text: podWith("app: worker=ready; worker: app=started, db=ready", "Pod") }],
      context(),
    );
    expect(input.pods).toEqual([]);
    expect(input.errors).toEqual([
      'pod/web: metadata.annotations[podvisor.dev/wait-for]: Not found: "db": no container of this name in the pod',
      "pod/web: metadata.annotations[podvisor.dev/wait-for]: Invalid value: cycle: app → worker → app",
    ]);
  });

  it("checks a Job's pod template at its own path", () => {
    const input = loadRunInput([{ name: "job.yaml", text: podWith("app: app=ready", "Job") }], context());
    expect(input.jobs).toEqual([]);
    expect(input.errors).toEqual([
      "job/batch: spec.template.metadata.annotations[podvisor.dev/wait-for]: Invalid value: cycle: app → app",
    ]);
  });

  it("a valid annotation is admitted unchanged", () => {
    const input = loadRunInput(
      [{ name: "pod.yaml", text: podWith("app: proxy=ready; worker: app=started", "Pod") }],
      context(),
    );
    expect(input.errors).toEqual([]);
    expect(input.pods[0]?.metadata.annotations).toEqual({
      "podvisor.dev/wait-for": "app: proxy=ready; worker: app=started",
    });
  });
});
