import { describe, expect, it } from "vitest";
import { defaultJob } from "../defaults/job-defaults.js";
import { formatFieldError } from "../field-error.js";
import { validateJob } from "./job.js";

const context = { nowMs: 0, ids: () => "job-uid" };

function jobErrors(spec: Record<string, unknown>, templateSpec: Record<string, unknown> = {}): string[] {
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi" },
    spec: {
      ...spec,
      template: {
        spec: { restartPolicy: "Never", containers: [{ name: "pi", image: "perl" }], ...templateSpec },
      },
    },
  };
  defaultJob(job, context);
  return validateJob(job).map(formatFieldError);
}

describe("validateJob", () => {
  it("accepts a defaulted job", () => {
    expect(jobErrors({})).toEqual([]);
  });

  it("requires the template restartPolicy to be set; Always counts as unset, as upstream", () => {
    const expected = ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'];
    expect(jobErrors({}, { restartPolicy: undefined })).toEqual(expected);
    expect(jobErrors({}, { restartPolicy: "Always" })).toEqual(expected);
  });

  it("rejects an unknown template restartPolicy with the Job's supported values", () => {
    expect(jobErrors({}, { restartPolicy: "Sometimes" })).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it("requires non-negative counts and deadlines", () => {
    expect(
      jobErrors({ parallelism: -1, completions: -1, backoffLimit: -1, activeDeadlineSeconds: -1 }),
    ).toEqual([
      "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
      "spec.completions: Invalid value: -1: must be greater than or equal to 0",
      "spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("validates the pod template at spec.template.spec paths", () => {
    expect(
      jobErrors({}, { initContainers: [{ name: "init", image: "a", restartPolicy: "Sometimes" }] }),
    ).toEqual([
      'spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    ]);
  });

  it("rejects completionMode values other than NonIndexed and Indexed", () => {
    expect(jobErrors({ completionMode: "Sometimes" })).toEqual([
      'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    ]);
  });

  it("rejects a hand-written selector without manualSelector", () => {
    expect(jobErrors({ selector: { matchLabels: { app: "pi" } } })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"job-uid","batch.kubernetes.io/job-name":"pi","controller-uid":"job-uid","job-name":"pi"}: `selector` does not match template `labels`',
      'spec.selector: Invalid value: {"matchLabels":{"app":"pi","batch.kubernetes.io/controller-uid":"job-uid"}}: `selector` not auto-generated',
    ]);
  });
});
