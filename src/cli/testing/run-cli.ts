/**
 * Runs the program in-process as the CLI tests do: argv in, exit code and everything written to
 * stdout and stderr out, with a FakeClock, no signals, and an environment that points nowhere real
 * unless the test says otherwise. Only what parsing and the commands under test touch is provided.
 */
import { PassThrough, Writable } from "node:stream";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { createProgram, type ProgramContext } from "../program.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: { nowMs?: number; stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const ctx = {
    clock: new FakeClock(options.nowMs),
    stdin,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    isTTY: false,
    env: options.env ?? { XDG_STATE_HOME: "/nonexistent", XDG_CONFIG_HOME: "/nonexistent" },
    nodeName: "Build-Host",
    argv: args,
    onSignal: () => () => {},
  } as unknown as ProgramContext;
  const code = await createProgram(ctx).run(args);
  return { code, stdout, stderr };
}
