import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  JobIdentityError,
  buildJobPod,
  hashedPodNameSuffix,
  jobPodGenerateName,
  jobPodName,
  podNameSuffixFromRandom,
} from "./job-pod-name.js";
import { makeJob } from "./testing/job-fixtures.js";

describe("job pod names", () => {
  it.each([
    ["a NonIndexed pod is <job>-<suffix>", "pi", undefined, "pi-abcde"],
    ["an Indexed pod is <job>-<index>-<suffix>", "pi", 3, "pi-3-abcde"],
    [
      "a long job name is cut so the prefix is at most 58 characters",
      "j".repeat(70),
      undefined,
      `${"j".repeat(58)}abcde`,
    ],
    ["a long Indexed name keeps its index", "j".repeat(70), 12, `${"j".repeat(54)}-12-abcde`],
  ])("%s", (_name, job, index, expected) => {
    expect(jobPodName(job, "abcde", index)).toBe(expected);
    expect(jobPodName(job, "abcde", index).length).toBeLessThanOrEqual(63);
  });

  it("generateName is the name without its suffix", () => {
    expect(jobPodGenerateName("pi")).toBe("pi-");
    expect(jobPodGenerateName("pi", 0)).toBe("pi-0-");
  });

  it("a suffix from injected randomness uses the apimachinery alphabet", () => {
    expect(podNameSuffixFromRandom(() => 0)).toBe("bbbbb");
    expect(podNameSuffixFromRandom((n) => n - 1)).toBe("99999");
  });

  it("hashed suffixes are deterministic, 5 characters of the alphabet, and differ by seed", () => {
    fc.assert(
      fc.property(fc.string(), (seed) =>
        /^[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(hashedPodNameSuffix(seed)),
      ),
    );
    expect(hashedPodNameSuffix("uid/0")).toBe(hashedPodNameSuffix("uid/0"));
    const suffixes = new Set(Array.from({ length: 200 }, (_, i) => hashedPodNameSuffix(`uid-1/${i}`)));
    expect(suffixes.size).toBe(200);
  });
});

describe("buildJobPod", () => {
  it("copies the template and adds the Job's selector labels and a controller ownerReference", () => {
    const job = makeJob();
    job.spec.template.metadata = { labels: { app: "pi" }, annotations: { note: "x" } };
    const pod = buildJobPod(job, "abcde");
    expect(pod.metadata).toEqual({
      name: "pi-abcde",
      generateName: "pi-",
      namespace: "default",
      labels: {
        app: "pi",
        "batch.kubernetes.io/controller-uid": "uid-1",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "uid-1",
        "job-name": "pi",
      },
      annotations: { note: "x" },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "Job",
          name: "pi",
          uid: "uid-1",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(pod.spec).toEqual(job.spec.template.spec);
    pod.spec.containers[0]!.name = "changed";
    expect(job.spec.template.spec.containers[0]!.name).toBe("main");
  });

  it("an Indexed pod carries its completion index as annotation, label, hostname and JOB_COMPLETION_INDEX", () => {
    const job = makeJob({ completionMode: "Indexed", completions: 3 });
    job.spec.template.spec.initContainers = [{ name: "init" }];
    const pod = buildJobPod(job, "abcde", 2);
    expect(pod.metadata.name).toBe("pi-2-abcde");
    expect(pod.metadata.annotations).toEqual({ "batch.kubernetes.io/job-completion-index": "2" });
    expect(pod.metadata.labels?.["batch.kubernetes.io/job-completion-index"]).toBe("2");
    expect(pod.spec.hostname).toBe("pi-2");
    const indexEnv = {
      name: "JOB_COMPLETION_INDEX",
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    };
    expect(pod.spec.containers[0]!.env).toEqual([indexEnv]);
    expect(pod.spec.initContainers?.[0]!.env).toEqual([indexEnv]);
  });

  it("a NonIndexed Job ignores the index", () => {
    const pod = buildJobPod(makeJob(), "abcde", 7);
    expect(pod.metadata.name).toBe("pi-abcde");
    expect(pod.metadata.annotations).toBeUndefined();
  });

  it("a Job without a uid cannot own pods", () => {
    const job = makeJob();
    delete job.metadata.uid;
    expect(() => buildJobPod(job, "abcde")).toThrow(JobIdentityError);
  });
});
