import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { createProgram, type ProgramContext } from "../program.js";

async function runHelp(describeProcessBackend?: () => string): Promise<string> {
  let stdout = "";
  const ctx = {
    clock: new FakeClock(),
    stdout: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString();
        done();
      },
    }),
    stderr: new Writable({ write: (_chunk, _encoding, done) => done() }),
    isTTY: false,
    env: {},
    argv: ["run", "--help"],
    onSignal: () => () => {},
    ...(describeProcessBackend ? { describeProcessBackend } : {}),
  } as unknown as ProgramContext;
  expect(await createProgram(ctx).run(["run", "--help"])).toBe(0);
  return stdout;
}

describe("podvisor run --help", () => {
  it("says how the process backend isolates and launches containers on this host (issue 17: native launcher or the shell chain)", async () => {
    const help = await runHelp(
      () => "pid + mount namespaces; containers start through the native launcher /opt/podvisor-launch",
    );
    expect(help.trimEnd().split("\n").at(-1)).toBe(
      "Process backend on this host: pid + mount namespaces; containers start through the native launcher /opt/podvisor-launch.",
    );
  });

  it("probes the host once, when the help is shown", async () => {
    let probes = 0;
    await runHelp(() => {
      probes++;
      return "no namespaces";
    });
    expect(probes).toBe(1);
  });
});
