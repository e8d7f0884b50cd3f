import { describe, expect, it } from "vitest";
import type { Fields } from "../api/index.js";
import { KubeApiError } from "../kube/index.js";
import type { Logger, PodvisorEvent } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import {
  eventRetrySleepMs,
  kubeEventRecorder,
  maxQueuedEvents,
  maxTriesPerEvent,
} from "./kube-event-recorder.js";

const event = (reason: string): PodvisorEvent => ({
  type: "Normal",
  reason: reason as PodvisorEvent["reason"], // the recorder passes any reason through
  message: `${reason} container app`,
  source: "kubelet",
  timeMs: Date.UTC(2026, 0, 1),
  involvedObject: { kind: "Pod", namespace: "default", name: "web" },
});

/** An API server that answers each POST with what `answer` says: ok, unreachable, or refused. */
function recorder(answer: (attempt: number) => "ok" | "unreachable" | "refused", random = () => 0.5) {
  const clock = new FakeClock();
  const posted: string[] = [];
  const warnings: string[] = [];
  let attempt = 0;
  const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
  const record = kubeEventRecorder({
    client: {
      requestJson: (_method: string, _path: string, body?: unknown) => {
        const outcome = answer(++attempt);
        if (outcome === "unreachable")
          return Promise.reject(new KubeApiError("connect ECONNREFUSED", 0, undefined));
        if (outcome === "refused") return Promise.reject(new KubeApiError("forbidden", 403, "Forbidden"));
        posted.push(String((body as Fields).reason));
        return Promise.resolve({});
      },
    },
    nodeName: "node-a",
    logger,
    uidOf: () => "uid-1",
    signal: new AbortController().signal,
    clock,
    random,
  });
  return { clock, posted, warnings, record, attempts: () => attempt };
}

describe("Events to the API server, as client-go's recorder sends them", () => {
  it("posts events one at a time, in the order they happened", async () => {
    const { clock, posted, record } = recorder(() => "ok");
    for (const reason of ["Scheduled", "Pulled", "Created", "Started"]) record(event(reason));
    await clock.settle();
    expect(posted).toEqual(["Scheduled", "Pulled", "Created", "Started"]);
  });

  it("an API server that cannot be reached: the event is tried again after a randomized first sleep, then every 10 s, and later events wait their turn", async () => {
    const { clock, posted, record, attempts } = recorder(
      (n) => (n <= 3 ? "unreachable" : "ok"),
      () => 0.25,
    );
    record(event("Started"));
    record(event("Killing"));
    await clock.settle();
    expect(attempts()).toBe(1);
    await clock.advance(0.25 * eventRetrySleepMs);
    expect(attempts()).toBe(2);
    await clock.advance(eventRetrySleepMs);
    expect(attempts()).toBe(3);
    await clock.advance(eventRetrySleepMs);
    expect(posted).toEqual(["Started", "Killing"]);
  });

  it(`gives up after ${maxTriesPerEvent} tries and says so, then goes on with the next event`, async () => {
    const { clock, posted, warnings, record, attempts } = recorder((n) =>
      n <= maxTriesPerEvent ? "unreachable" : "ok",
    );
    record(event("Started"));
    record(event("Killing"));
    await clock.advance(maxTriesPerEvent * eventRetrySleepMs);
    expect(attempts()).toBe(maxTriesPerEvent + 1);
    expect(warnings).toEqual(["event Started for default/web not recorded (retry limit exceeded)"]);
    expect(posted).toEqual(["Killing"]);
  });

  it("an event the API server refused is not tried again (recordEvent: a StatusError is final)", async () => {
    const { clock, posted, warnings, record, attempts } = recorder((n) => (n === 1 ? "refused" : "ok"));
    record(event("Started"));
    record(event("Killing"));
    await clock.advance(10 * eventRetrySleepMs);
    expect(attempts()).toBe(2);
    expect(warnings).toEqual(["event Started for default/web not recorded"]);
    expect(posted).toEqual(["Killing"]);
  });

  it(`holds at most ${maxQueuedEvents} events while the API server is away; more are dropped, said once`, async () => {
    const { clock, warnings, record, attempts } = recorder(() => "unreachable");
    for (let i = 0; i < maxQueuedEvents + 5; i++) record(event(`E${i}`));
    await clock.settle();
    expect(attempts()).toBe(1);
    expect(warnings).toEqual([`events dropped: ${maxQueuedEvents} are waiting for the API server`]);
  });
});
