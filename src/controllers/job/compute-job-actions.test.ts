/**
 * The Job controller's rules as sentences: upstream syncJob/manageJob behaviour
 * (kubernetes/kubernetes pkg/controller/job/job_controller.go), driven on fake time.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Job } from "../../api/index.js";
import { computeJobActions } from "./compute-job-actions.js";
import type { JobPodView } from "./job-pod-view.js";
import { T0, conditionTypes, finish, makeJob, pod, step } from "./testing/job-fixtures.js";

const noBackoff = { podFailureBackoff: () => 0 };

describe("computeJobActions: creating and completing", () => {
  it("a new Job gets startTime, one pod and a SuccessfulCreate event naming it", () => {
    const actions = computeJobActions(makeJob(), [], T0);
    expect(actions.createPods).toBe(1);
    const name = actions.podsToCreate[0]!.name;
    expect(name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(actions.events).toEqual([
      { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}` },
    ]);
    expect(actions.status).toMatchObject({
      startTime: "2026-11-22T16:00:00Z",
      active: 1,
      ready: 0,
      terminating: 0,
    });
    expect(actions.status.succeeded).toBeUndefined();
    expect(actions.isFinished).toBe(false);
  });

  it("the same Job and pods give the same pod names (no randomness inside)", () => {
    expect(computeJobActions(makeJob(), [], T0).podsToCreate).toEqual(
      computeJobActions(makeJob(), [], T0 + 5).podsToCreate,
    );
  });

  it("an injected podNameSuffix names the pods, skipping names already taken", () => {
    const suffixes = ["aaaaa", "bbbbb"];
    const actions = computeJobActions(makeJob(), [pod("pi-zzzzz", "Failed")], T0, {
      ...noBackoff,
      podNameSuffix: (n) => suffixes[n - 1] ?? "zzzzz",
    });
    expect(actions.podsToCreate.map((p) => p.name)).toEqual(["pi-aaaaa"]);
  });

  it("completions 3 parallelism 2 keeps at most 2 pods active and creates exactly 3", () => {
    let job = makeJob({ completions: 3, parallelism: 2 });
    let pods: JobPodView[] = [];
    let now = T0;
    for (let i = 0; i < 10 && !job.status?.conditions?.some((c) => c.type === "Complete"); i++) {
      const result = step(job, pods, now);
      ({ job, pods } = result);
      expect(pods.filter((p) => p.phase === "Pending" || p.phase === "Running").length).toBeLessThanOrEqual(
        2,
      );
      const first = pods.find((p) => p.phase === "Pending");
      if (first) pods = finish(pods, first.name, "Succeeded", (now += 1000));
    }
    expect(pods).toHaveLength(3);
    expect(job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0 });
    expect(conditionTypes(job)).toEqual(["SuccessCriteriaMet", "Complete"]);
  });

  it("success writes SuccessCriteriaMet then Complete (CompletionsReached), completionTime and a Completed event", () => {
    const job = { ...makeJob(), status: { startTime: "2026-11-22T16:00:00Z", active: 1 } };
    const actions = computeJobActions(
      job,
      [pod("pi-a", "Succeeded", { finishedAtMs: T0 + 4000 })],
      T0 + 5000,
    );
    expect(actions.isFinished).toBe(true);
    expect(actions.status.conditions).toEqual([
      {
        type: "SuccessCriteriaMet",
        status: "True",
        reason: "CompletionsReached",
        message: "Reached expected number of succeeded pods",
        lastProbeTime: "2026-11-22T16:00:05Z",
        lastTransitionTime: "2026-11-22T16:00:05Z",
      },
      {
        type: "Complete",
        status: "True",
        reason: "CompletionsReached",
        message: "Reached expected number of succeeded pods",
        lastProbeTime: "2026-11-22T16:00:05Z",
        lastTransitionTime: "2026-11-22T16:00:05Z",
      },
    ]);
    expect(actions.status).toMatchObject({
      completionTime: "2026-11-22T16:00:05Z",
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(actions.status.active).toBeUndefined();
    expect(actions.events).toEqual([{ type: "Normal", reason: "Completed", message: "Job completed" }]);
    expect(actions.wakeAtMs).toBeUndefined();
  });

  it("a Job whose completions are reached waits for terminating pods before Complete", () => {
    const job = makeJob({ completions: 1, parallelism: 1 });
    const pods = [
      pod("pi-a", "Succeeded", { finishedAtMs: T0 }),
      pod("pi-b", "Running", { isTerminating: true }),
    ];
    const waiting = computeJobActions(job, pods, T0 + 1000);
    expect(waiting.isFinished).toBe(false);
    expect(conditionTypes({ ...job, status: waiting.status })).toEqual(["SuccessCriteriaMet"]);
    expect(waiting.events).toEqual([]);
    const done = computeJobActions(
      { ...job, status: waiting.status },
      [pods[0]!, { ...pods[1]!, phase: "Failed" }],
      T0 + 2000,
    );
    expect(done.isFinished).toBe(true);
    expect(conditionTypes({ ...job, status: done.status })).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(done.status.conditions?.[0]?.lastTransitionTime).toBe("2026-11-22T16:00:01Z");
    expect(done.status.completionTime).toBe("2026-11-22T16:00:02Z");
  });

  it("a finished Job is left alone", () => {
    const job: Job = { ...makeJob(), status: { conditions: [{ type: "Failed", status: "True" }] } };
    expect(computeJobActions(job, [pod("pi-a", "Running")], T0)).toEqual({
      createPods: 0,
      podsToCreate: [],
      deletePods: [],
      status: job.status,
      events: [],
      isFinished: true,
    });
  });

  it("ready and terminating count only live pods; a terminating pod counts as failed and is replaced at once", () => {
    const job = makeJob({ completions: 2, parallelism: 2 });
    const pods = [
      pod("pi-a", "Running", { isReady: true }),
      pod("pi-b", "Running", { isTerminating: true, isReady: true }),
    ];
    const actions = computeJobActions(job, pods, T0);
    expect(actions.status).toMatchObject({ active: 2, ready: 1, terminating: 1, failed: 1 });
    expect(actions.createPods).toBe(1);
  });

  it("podReplacementPolicy Failed waits for a terminating pod to end before replacing it, and does not count it yet", () => {
    const job = makeJob({ completions: 2, parallelism: 2, podReplacementPolicy: "Failed" });
    const actions = computeJobActions(
      job,
      [pod("pi-a", "Running"), pod("pi-b", "Running", { isTerminating: true })],
      T0,
    );
    expect(actions.createPods).toBe(0);
    expect(actions.status.failed).toBeUndefined();
  });
});

describe("computeJobActions: work-queue Jobs (parallelism without completions)", () => {
  it("starts parallelism pods, creates none after the first success, completes when the rest are done", () => {
    const job = makeJob({ parallelism: 3 });
    expect(computeJobActions(job, [], T0).createPods).toBe(3);
    const afterOne = computeJobActions(
      job,
      [pod("a", "Succeeded"), pod("b", "Running"), pod("c", "Failed")],
      T0,
    );
    expect(afterOne.createPods).toBe(0);
    expect(afterOne.isFinished).toBe(false);
    expect(
      computeJobActions(job, [pod("a", "Succeeded"), pod("b", "Succeeded"), pod("c", "Failed")], T0)
        .isFinished,
    ).toBe(true);
  });
});

describe("computeJobActions: backoffLimit", () => {
  it("Never: a failed pod is replaced until backoffLimit failures, then the Job fails with BackoffLimitExceeded", () => {
    let job = makeJob({ backoffLimit: 2 });
    let pods: JobPodView[] = [];
    let now = T0;
    const created: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = step(job, pods, now, noBackoff);
      ({ job, pods } = result);
      created.push(result.actions.createPods);
      pods = finish(pods, pods.at(-1)!.name, "Failed", (now += 1000));
    }
    expect(created).toEqual([1, 1, 1]);
    const last = step(job, pods, (now += 1000), noBackoff).actions;
    expect(last.createPods).toBe(0);
    expect(last.isFinished).toBe(true);
    expect(last.status.failed).toBe(3);
    expect(last.status.conditions?.map((c) => [c.type, c.reason, c.message])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
      ["Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ]);
    expect(last.events).toEqual([
      {
        type: "Warning",
        reason: "BackoffLimitExceeded",
        message: "Job has reached the specified backoff limit",
      },
    ]);
  });

  it.each([
    ["OnFailure: restarts below backoffLimit keep the Job running", 2, 1, false],
    ["OnFailure: restarts reaching backoffLimit fail the Job (upstream compares with >=)", 2, 2, true],
    ["OnFailure: backoffLimit 0 fails on the first restart", 0, 1, true],
    ["OnFailure: backoffLimit 0 with no restart keeps the Job running", 0, 0, false],
  ])("%s", (_name, backoffLimit, restarts, isFailing) => {
    const job = makeJob({ backoffLimit, restartPolicy: "OnFailure" });
    const actions = computeJobActions(job, [pod("pi-a", "Running", { restartCounts: restarts })], T0);
    expect(conditionTypes({ ...job, status: actions.status }).includes("FailureTarget")).toBe(isFailing);
    expect(actions.deletePods).toEqual(isFailing ? [{ name: "pi-a", reason: "BackoffLimitExceeded" }] : []);
  });

  it("OnFailure: the Job is Failed only once the deleted pod has stopped (FailureTarget in between)", () => {
    const job = makeJob({ backoffLimit: 1, restartPolicy: "OnFailure" });
    const first = step(job, [pod("pi-a", "Running", { restartCounts: 1 })], T0);
    expect(first.actions.isFinished).toBe(false);
    expect(first.actions.status).toMatchObject({ failed: 1, terminating: 1 });
    expect(first.actions.events).toEqual([
      { type: "Normal", reason: "SuccessfulDelete", message: "Deleted pod: pi-a" },
    ]);
    const stopped = finish(first.pods, "pi-a", "Failed", T0 + 2000);
    const second = computeJobActions(first.job, stopped, T0 + 3000);
    expect(second.isFinished).toBe(true);
    expect(conditionTypes({ ...job, status: second.status })).toEqual(["FailureTarget", "Failed"]);
    expect(second.status.conditions?.[0]?.lastTransitionTime).toBe("2026-11-22T16:00:00Z");
    expect(second.events).toEqual([
      {
        type: "Warning",
        reason: "BackoffLimitExceeded",
        message: "Job has reached the specified backoff limit",
      },
    ]);
  });
});

describe("computeJobActions: activeDeadlineSeconds", () => {
  it("before the deadline the Job asks to be woken at startTime + activeDeadlineSeconds", () => {
    const job = { ...makeJob({ activeDeadlineSeconds: 30 }), status: { startTime: "2026-11-22T16:00:00Z" } };
    expect(computeJobActions(job, [pod("pi-a", "Running")], T0 + 10_000).wakeAtMs).toBe(T0 + 30_000);
  });

  it("activeDeadlineSeconds deletes active pods and fails the Job with DeadlineExceeded", () => {
    const job = {
      ...makeJob({ activeDeadlineSeconds: 30, completions: 3, parallelism: 2 }),
      status: { startTime: "2026-11-22T16:00:00Z" },
    };
    const pods = [
      pod("pi-a", "Running", { isReady: true }),
      pod("pi-b", "Pending"),
      pod("pi-c", "Succeeded", { finishedAtMs: T0 + 5000 }),
    ];
    const first = step(job, pods, T0 + 30_000);
    expect(first.actions.deletePods).toEqual([
      { name: "pi-a", reason: "DeadlineExceeded" },
      { name: "pi-b", reason: "DeadlineExceeded" },
    ]);
    expect(first.actions.createPods).toBe(0);
    expect(first.actions.status).toMatchObject({ failed: 2, succeeded: 1, ready: 0, terminating: 2 });
    expect(first.actions.status.active).toBeUndefined();
    expect(conditionTypes(first.job)).toEqual(["FailureTarget"]);
    const ended = finish(finish(first.pods, "pi-a", "Failed", T0 + 31_000), "pi-b", "Failed", T0 + 31_000);
    const second = computeJobActions(first.job, ended, T0 + 32_000);
    expect(second.isFinished).toBe(true);
    expect(second.status.conditions?.at(-1)).toMatchObject({
      type: "Failed",
      reason: "DeadlineExceeded",
      message: "Job was active longer than specified deadline",
    });
    expect(second.status.completionTime).toBeUndefined();
    expect(second.events).toEqual([
      {
        type: "Warning",
        reason: "DeadlineExceeded",
        message: "Job was active longer than specified deadline",
      },
    ]);
  });

  it("the backoff limit is checked before the deadline", () => {
    const job = {
      ...makeJob({ activeDeadlineSeconds: 1, backoffLimit: 0 }),
      status: { startTime: "2026-11-22T16:00:00Z" },
    };
    const actions = computeJobActions(job, [pod("pi-a", "Failed", { finishedAtMs: T0 })], T0 + 5000);
    expect(actions.status.conditions?.[0]?.reason).toBe("BackoffLimitExceeded");
  });
});

describe("computeJobActions: replacement backoff (10 s doubling, capped at 10 min)", () => {
  const job = makeJob({ completions: 1, backoffLimit: 10 });

  it.each([
    ["one failure: the replacement waits 10 s after it", [T0], T0 + 10_000],
    ["two failures: 20 s after the last", [T0, T0 + 15_000], T0 + 35_000],
    [
      "seven failures: capped at 10 min",
      [0, 1, 2, 3, 4, 5, 6].map((i) => T0 + i * 1000),
      T0 + 6000 + 600_000,
    ],
  ])("%s", (_name, failedAt, expectedWakeMs) => {
    const pods = failedAt.map((at, i) => pod(`pi-${i}`, "Failed", { finishedAtMs: at }));
    const waiting = computeJobActions(job, pods, expectedWakeMs - 1);
    expect(waiting.createPods).toBe(0);
    expect(waiting.wakeAtMs).toBe(expectedWakeMs);
    const ready = computeJobActions(job, pods, expectedWakeMs);
    expect(ready.createPods).toBe(1);
    expect(ready.wakeAtMs).toBeUndefined();
  });

  it("a success resets the count: only failures after the last success back off", () => {
    const multi = makeJob({ completions: 3, parallelism: 1, backoffLimit: 10 });
    const pods = [
      pod("a", "Failed", { finishedAtMs: T0 }),
      pod("b", "Failed", { finishedAtMs: T0 + 1000 }),
      pod("c", "Succeeded", { finishedAtMs: T0 + 2000 }),
      pod("d", "Failed", { finishedAtMs: T0 + 3000 }),
    ];
    expect(computeJobActions(multi, pods, T0 + 4000).wakeAtMs).toBe(T0 + 13_000);
  });

  it("podBackoffCapMs caps the delay, and a cap of 0 replaces at once", () => {
    const pods = [pod("a", "Failed", { finishedAtMs: T0 }), pod("b", "Failed", { finishedAtMs: T0 + 1000 })];
    expect(computeJobActions(job, pods, T0 + 1500, { podBackoffCapMs: 2000 }).wakeAtMs).toBe(T0 + 3000);
    expect(computeJobActions(job, pods, T0 + 1500, { podBackoffCapMs: 0 }).createPods).toBe(1);
  });

  it("a failed pod without finishedAtMs counts but does not hold the replacement back", () => {
    expect(computeJobActions(job, [pod("a", "Failed")], T0).createPods).toBe(1);
  });
});

describe("computeJobActions: suspend and Indexed", () => {
  it("a suspended Job deletes its active pods, gets Suspended=True and no startTime", () => {
    const job = makeJob({ suspend: true });
    const actions = computeJobActions(job, [pod("pi-a", "Running")], T0);
    expect(actions.deletePods).toEqual([{ name: "pi-a", reason: "Suspended" }]);
    expect(actions.status.startTime).toBeUndefined();
    expect(actions.status.conditions).toEqual([
      expect.objectContaining({
        type: "Suspended",
        status: "True",
        reason: "JobSuspended",
        message: "Job suspended",
      }),
    ]);
    expect(actions.events).toContainEqual({ type: "Normal", reason: "Suspended", message: "Job suspended" });
  });

  it("resuming sets Suspended=False (JobResumed) and restarts startTime", () => {
    const suspended = {
      ...makeJob(),
      status: {
        startTime: "2026-11-22T15:00:00Z",
        conditions: [
          { type: "Suspended", status: "True" as const, reason: "JobSuspended", message: "Job suspended" },
        ],
      },
    };
    const actions = computeJobActions(suspended, [], T0);
    expect(actions.status.conditions?.[0]).toMatchObject({
      type: "Suspended",
      status: "False",
      reason: "JobResumed",
    });
    expect(actions.status.startTime).toBe("2026-11-22T16:00:00Z");
    expect(actions.events.map((e) => e.reason)).toEqual(["SuccessfulCreate", "Resumed"]);
  });

  it("Indexed: creates the lowest pending indexes and counts distinct succeeded indexes", () => {
    const job = makeJob({ completionMode: "Indexed", completions: 4, parallelism: 2 });
    const pods = [
      pod("pi-0-a", "Succeeded", { completionIndex: 0 }),
      pod("pi-0-b", "Succeeded", { completionIndex: 0 }),
      pod("pi-1-a", "Running", { completionIndex: 1 }),
    ];
    const actions = computeJobActions(job, pods, T0);
    expect(actions.podsToCreate.map((p) => p.completionIndex)).toEqual([2]);
    expect(actions.podsToCreate[0]!.name).toMatch(/^pi-2-[a-z0-9]{5}$/);
    expect(actions.status.succeeded).toBe(1);
  });

  it("Indexed: a second active pod for the same index is deleted as surplus", () => {
    const job = makeJob({ completionMode: "Indexed", completions: 2, parallelism: 2 });
    const actions = computeJobActions(
      job,
      [
        pod("x", "Running", { completionIndex: 0, isReady: true }),
        pod("y", "Pending", { completionIndex: 0 }),
      ],
      T0,
    );
    expect(actions.deletePods).toEqual([{ name: "y", reason: "TooManyActive" }]);
    expect(actions.createPods).toBe(0);
  });
});

describe("computeJobActions: properties", () => {
  it("never more active pods than parallelism, nor than the completions still missing", () => {
    const outcome = fc.constantFrom("Succeeded" as const, "Failed" as const, "Running" as const);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(outcome, { maxLength: 30 }),
        (completions, parallelism, outcomes) => {
          let job = makeJob({ completions, parallelism, backoffLimit: 100 });
          let pods: JobPodView[] = [];
          let now = T0;
          for (const next of outcomes) {
            const result = step(job, pods, now, noBackoff);
            ({ job, pods } = result);
            const active = pods.filter(
              (p) => !p.isTerminating && (p.phase === "Pending" || p.phase === "Running"),
            ).length;
            const succeeded = pods.filter((p) => p.phase === "Succeeded").length;
            expect(active).toBeLessThanOrEqual(parallelism);
            expect(active).toBeLessThanOrEqual(Math.max(0, completions - succeeded));
            const target = pods.find((p) => p.phase === "Pending" || p.phase === "Running");
            if (target && next !== "Running") pods = finish(pods, target.name, next, (now += 1000));
            else if (target) pods = pods.map((p) => (p === target ? { ...p, phase: "Running" as const } : p));
          }
        },
      ),
    );
  });
});
