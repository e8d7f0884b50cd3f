/**
 * The CLI program in-process for flag and error tests: captured stdout/stderr, a FakeClock, no
 * signals. Only what parsing and early validation touch is provided.
 */
import { Writable } from "node:stream";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { createProgram, type ProgramContext } from "../program.js";

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const ctx = {
    clock: new FakeClock(),
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    isTTY: false,
    env,
    nodeName: "Build-Host",
    argv: args,
    onSignal: () => () => {},
  } as unknown as ProgramContext;
  const code = await createProgram(ctx).run(args);
  return { code, stdout, stderr };
}
