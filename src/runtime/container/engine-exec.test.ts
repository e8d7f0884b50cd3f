import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { EngineError } from "./container-errors.js";
import type { EngineClient } from "./engine-client.js";
import { execInEngineContainer } from "./engine-exec.js";

/** One stdout frame of the Engine API's multiplexed stream. */
function stdoutFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** An engine whose exec runs, writes `output`, ends, and whose exec inspect answers `inspect`. */
function engine(output: string, inspect: () => Promise<unknown>): EngineClient {
  return {
    json: ({ method, path }: { method: string; path: string }) =>
      method === "POST"
        ? Promise.resolve({ Id: "exec-1" })
        : path.endsWith("/json")
          ? inspect()
          : Promise.reject(new Error(path)),
    // A readable whose one chunk is the command's output (what the exec start's response streams).
    stream: () => Promise.resolve(Readable.from([stdoutFrame(output)])),
  } as unknown as EngineClient;
}

const gone = () =>
  Promise.reject(
    new EngineError(
      "GET",
      "/exec/exec-1/json",
      500,
      "retrieving exec session exec-1 from container c-1: container c-1 does not exist in database: no such container",
    ),
  );

describe("an exec through the Engine API", () => {
  it("reports the command's exit code from the exec inspect", async () => {
    const result = await execInEngineContainer(
      engine("ok\n", () => Promise.resolve({ ExitCode: 3 })),
      new FakeClock(),
      "c-1",
      ["true"],
      1000,
    );
    expect(result).toEqual({ exitCode: 3, output: "ok\n", timedOut: false });
  });

  it("whose container died and was removed before its exit could be read died with it: 137, its output kept", async () => {
    const result = await execInEngineContainer(
      engine("partial\n", gone),
      new FakeClock(),
      "c-1",
      ["sleep", "9"],
      1000,
    );
    expect(result).toEqual({ exitCode: 137, output: "partial\n", timedOut: false });
  });

  it("whose inspect fails for another reason is a fault, not an exit code", async () => {
    const broken = () =>
      Promise.reject(new EngineError("GET", "/exec/exec-1/json", 500, "database is locked"));
    await expect(
      execInEngineContainer(engine("", broken), new FakeClock(), "c-1", ["true"], 1000),
    ).rejects.toThrow("database is locked");
  });
});
