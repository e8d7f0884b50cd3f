import { describe, expect, it } from "vitest";
import type { Job, JobCondition } from "../../api/index.js";
import { printJobRow } from "./job-columns.js";
import { T0, makeJob } from "./testing/job-fixtures.js";

const cond = (type: string, status: "True" | "False" = "True"): JobCondition => ({ type, status });

function job(spec: Parameters<typeof makeJob>[0], status: NonNullable<Job["status"]>, deleting = false): Job {
  const j = { ...makeJob(spec), status };
  if (deleting) j.metadata.deletionTimestamp = "2026-11-22T16:00:30Z";
  return j;
}

describe("printJobRow (kubectl get jobs)", () => {
  it.each([
    [
      "a running Job shows Running, 0/1 and its duration so far",
      job({ completions: 1 }, { startTime: "2026-11-22T16:00:00Z" }),
      { STATUS: "Running", COMPLETIONS: "0/1", DURATION: "45s" },
    ],
    [
      "a complete Job's duration stops at completionTime",
      job(
        { completions: 3 },
        {
          startTime: "2026-11-22T16:00:00Z",
          completionTime: "2026-11-22T16:00:12Z",
          succeeded: 3,
          conditions: [cond("SuccessCriteriaMet"), cond("Complete")],
        },
      ),
      { STATUS: "Complete", COMPLETIONS: "3/3", DURATION: "12s" },
    ],
    [
      "a failed Job shows Failed",
      job({}, { startTime: "2026-11-22T16:00:00Z", conditions: [cond("FailureTarget"), cond("Failed")] }),
      { STATUS: "Failed", COMPLETIONS: "0/1" },
    ],
    [
      "a failing Job waiting for its pods shows FailureTarget",
      job({}, { conditions: [cond("FailureTarget")] }),
      { STATUS: "FailureTarget", DURATION: "" },
    ],
    [
      "SuccessCriteriaMet alone still shows Running",
      job({}, { conditions: [cond("SuccessCriteriaMet")] }),
      { STATUS: "Running" },
    ],
    [
      "a suspended Job shows Suspended",
      job({ suspend: true }, { conditions: [cond("Suspended")] }),
      { STATUS: "Suspended" },
    ],
    [
      "a resumed Job (Suspended=False) shows Running",
      job({}, { conditions: [cond("Suspended", "False")] }),
      { STATUS: "Running" },
    ],
    ["a Job being deleted shows Terminating", job({}, {}, true), { STATUS: "Terminating" }],
    [
      "a work-queue Job shows succeeded/1 of parallelism",
      job({ parallelism: 3 }, { succeeded: 1 }),
      { COMPLETIONS: "1/1 of 3" },
    ],
    [
      "a work-queue Job with parallelism 1 shows succeeded/1",
      job({ parallelism: 1 }, {}),
      { COMPLETIONS: "0/1" },
    ],
  ])("%s", (_name, j, expected) => {
    expect(printJobRow(j, { now: T0 + 45_000 })).toMatchObject({ NAME: "pi", AGE: "45s", ...expected });
  });

  it("AGE is <unknown> without a creationTimestamp and follows HumanDuration", () => {
    const j = makeJob();
    expect(printJobRow({ ...j, metadata: { name: "pi" } }, { now: T0 }).AGE).toBe("<unknown>");
    expect(printJobRow(j, { now: T0 + 3 * 60_000 + 10_000 }).AGE).toBe("3m10s");
  });
});
