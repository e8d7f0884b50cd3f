import { describe, expect, it } from "vitest";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { KubeApiError } from "./kube-api-error.js";
import { defaultConflictBackoff, retryOnConflict } from "./retry-on-conflict.js";

const conflict = () => new KubeApiError("the object has been modified", 409, "Conflict");

/** Runs retryOnConflict on a FakeClock that advances by whatever it is asked to sleep. */
async function run(outcomes: (Error | string)[]) {
  const clock = new FakeClock(0);
  const sleptMs: number[] = [];
  let tries = 0;
  const sleep = clock.sleep.bind(clock);
  clock.sleep = (ms, signal) => {
    sleptMs.push(ms);
    const slept = sleep(ms, signal);
    void clock.advance(ms);
    return slept;
  };
  const result: Promise<{ value?: string; error?: unknown }> = retryOnConflict(
    defaultConflictBackoff,
    { clock, random: () => 1 },
    () => {
      const outcome = outcomes[tries++]!;
      return typeof outcome === "string" ? Promise.resolve(outcome) : Promise.reject(outcome);
    },
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...(await result), tries: () => tries, sleptMs };
}

describe("retryOnConflict (client-go retry.RetryOnConflict with retry.DefaultBackoff)", () => {
  it("returns at once when the first try succeeds", async () => {
    const { value, tries, sleptMs } = await run(["ok"]);
    expect([value, tries(), sleptMs]).toEqual(["ok", 1, []]);
  });

  it("tries again after a conflict, 10 ms then ×5, each stretched by at most 10 %", async () => {
    const { value, tries, sleptMs } = await run([conflict(), conflict(), conflict(), "ok"]);
    expect(value).toBe("ok");
    expect(tries()).toBe(4);
    expect(sleptMs.map(Math.round)).toEqual([11, 55, 275]);
  });

  it("gives up after four tries with the last conflict", async () => {
    const { error, tries } = await run([conflict(), conflict(), conflict(), conflict(), "never"]);
    expect(tries()).toBe(4);
    expect((error as KubeApiError).statusReason).toBe("Conflict");
  });

  it("does not retry other errors, not even a 409 AlreadyExists", async () => {
    const exists = new KubeApiError("already exists", 409, "AlreadyExists");
    const { error, tries } = await run([exists, "never"]);
    expect([error, tries()]).toEqual([exists, 1]);
  });
});
