import { appendFileSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { StateStore, resolveRun, type RunDirectory } from "../../store/index.js";
import { followContainerLog } from "./container-log-follow.js";
import type { EventStream } from "./server-sent-events.js";
import { UiRunSource } from "./ui-run-source.js";

const t0 = Date.UTC(2026, 0, 1);
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();

function podWithApp(restartCount: number, state: "running" | "waiting"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", creationTimestamp: iso(0) },
    spec: { containers: [{ name: "app", image: "busybox" }] },
    status: {
      phase: state === "running" ? "Running" : "Pending",
      containerStatuses: [
        {
          name: "app",
          image: "busybox",
          imageID: "",
          ready: false,
          restartCount,
          state:
            state === "running"
              ? { running: { startedAt: iso(restartCount) } }
              : { waiting: { reason: "ContainerCreating" } },
        },
      ],
    },
  };
}

/** Replaces the pod file atomically, as the run does. */
function writePod(run: RunDirectory, pod: Pod): void {
  const path = join(run.dir, "pods", "default_web.json");
  writeFileSync(`${path}.tmp`, JSON.stringify(pod));
  renameSync(`${path}.tmp`, path);
}

function appendLog(run: RunDirectory, restartCount: number, text: string): void {
  const dir = join(run.dir, "logs", "default_web", "app");
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${restartCount}.log`), `${iso(restartCount)} stdout F ${text}\n`);
}

function recordingStream(): { stream: EventStream; sent: { event: string; data: unknown }[] } {
  const sent: { event: string; data: unknown }[] = [];
  const stream: EventStream = {
    signal: new AbortController().signal,
    send: (event, data) => {
      sent.push({ event, data });
      return Promise.resolve();
    },
  };
  return { stream, sent };
}

/**
 * Moves the fake clock on (the follower's poll) while the real file reads finish, until
 * `condition` holds; gives up after 10 s of real time (a loaded machine reads slowly).
 */
async function until(clock: FakeClock, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    await clock.advance(250);
  }
  expect(condition()).toBe(true);
}

describe("a container's log on the pod page follows it live", () => {
  it("waits for the container to start, follows it across a restart, and ends with the run", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-ui-logs-"));
    const store = new StateStore(root, { id: "run-1", pid: process.pid, argv: [], startedAt: iso(0) });
    const run = resolveRun(root);
    writePod(run, podWithApp(0, "waiting"));
    const clock = new FakeClock(t0);
    const { stream, sent } = recordingStream();
    const lines = () => sent.filter((s) => s.event === "lines").flatMap((s) => s.data as { text: string }[]);
    const following = followContainerLog(
      new UiRunSource(root, undefined),
      { namespace: "default", pod: "web", container: "app" },
      stream,
      clock,
      { tailLines: 100, maxLineChars: 1000, pollMs: 250 },
    );

    await until(clock, () => sent.length > 0);
    expect(sent[0]).toEqual({
      event: "notice",
      data: { message: 'container "app" in pod "web" is waiting to start: ContainerCreating' },
    });
    appendLog(run, 0, "first");
    writePod(run, podWithApp(0, "running"));
    await until(clock, () => lines().some((line) => line.text === "first"));

    appendLog(run, 1, "second");
    writePod(run, podWithApp(1, "running"));
    await until(clock, () => lines().some((line) => line.text === "second"));
    expect(sent.map((s) => s.event)).toEqual(["notice", "lines", "notice", "lines"]);
    expect(sent[2]?.data).toEqual({ message: "restarted (restart count 1)" });

    await store.close(0, iso(5));
    await until(clock, () => sent.at(-1)?.event === "end");
    await following;
    expect(lines().map((line) => line.text)).toEqual(["first", "second"]);
  });
});
