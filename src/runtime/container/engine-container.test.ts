import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import type { EngineClient, EngineRequest } from "./engine-client.js";
import { EngineContainer } from "./engine-container.js";

const RUNNING = { Status: "running", Running: true, ExitCode: 0 };

/** An engine whose inspect answers `states` in turn and records the calls; removal always succeeds. */
function fakeEngine(states: Record<string, unknown>[]) {
  const calls: string[] = [];
  const client = {
    json: (req: EngineRequest) => {
      calls.push(`${req.method} ${req.path}`);
      return Promise.resolve({ State: states.shift() ?? { Status: "exited", Running: false, ExitCode: 0 } });
    },
    call: () => Promise.resolve(),
  } as unknown as EngineClient;
  return { client, calls };
}

/** A started container whose output has ended; the wait API answers when `waited` does. */
function startedContainer(
  client: EngineClient,
  waited: Promise<{ StatusCode: number }>,
  clock = new FakeClock(),
) {
  return new EngineContainer(client, clock, "c1", 0, "SIGTERM", waited, Promise.resolve(), () => undefined);
}

const neverAnswered = () => new Promise<{ StatusCode: number }>(() => undefined);

describe("an engine container's exit", () => {
  it("is taken from the inspect once the output has ended and the engine says exited, without waiting for the wait API (Podman answers it on a 250 ms poll)", async () => {
    const { client, calls } = fakeEngine([{ Status: "stopped", Running: false, ExitCode: 3 }]);
    const exit = await startedContainer(client, neverAnswered()).exited;
    expect(exit).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(calls).toEqual(["GET /containers/c1/json"]);
  });

  it("an inspect that still finds it running (the engine has not recorded the exit yet) is asked again 25 ms later", async () => {
    const { client } = fakeEngine([RUNNING, { Status: "stopped", Running: false, ExitCode: 4 }]);
    const clock = new FakeClock();
    const container = startedContainer(client, neverAnswered(), clock);
    await clock.advance(25);
    expect(await container.exited).toMatchObject({ exitCode: 4 });
  });

  it("after four inspects that find it running, the wait API's answer decides", async () => {
    const { client, calls } = fakeEngine([
      RUNNING,
      RUNNING,
      RUNNING,
      RUNNING,
      { Status: "exited", Running: false, ExitCode: 7 },
    ]);
    const clock = new FakeClock();
    let answer: (value: { StatusCode: number }) => void = () => undefined;
    const container = startedContainer(client, new Promise((resolve) => (answer = resolve)), clock);
    for (let i = 0; i < 5; i++) await clock.advance(25);
    expect(container.isRunning).toBe(true);
    expect(calls).toHaveLength(4);
    answer({ StatusCode: 7 });
    expect(await container.exited).toMatchObject({ exitCode: 7, reason: "Error" });
  });
});
