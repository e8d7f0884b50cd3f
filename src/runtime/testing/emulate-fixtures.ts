import { basename } from "node:path";
import type { FakeBehaviour, FakeLog } from "../fake/fake-behaviour.js";
import type { ContainerLaunchSpec, ExecResult } from "../port.js";

/**
 * What each test/fixtures/bin program does, as a FakeBehaviour, so the fake runtime can run the
 * contract suite written against those programs. Keep in step with the fixtures.
 */
export function emulateFixtures(podName: string): (spec: ContainerLaunchSpec) => FakeBehaviour {
  return (spec) => {
    const [program = "", ...args] = spec.argv;
    const out = (text: string, partial = false): FakeLog => ({ text, partial });
    switch (basename(program)) {
      case "exit-with.sh":
        return {
          exitAfterMs: 0,
          exitCode: Number(args[0] ?? 0),
          logs: args[1] === undefined ? [] : [out(args[1])],
        };
      case "print-args.sh":
        return { exitAfterMs: 0, logs: args.map((a) => out(a)) };
      case "print-env.mjs": {
        const env: Record<string, string> = { HOSTNAME: podName };
        for (const [name, value] of spec.env) env[name] = value;
        return { exitAfterMs: 0, logs: [out(JSON.stringify(env))] };
      }
      case "print-cwd.sh":
        return { exitAfterMs: 0, logs: [out(spec.workingDir ?? "/")] };
      case "trap-sigterm.sh":
        return {
          logs: [out("ready")],
          onStop: { exitCode: Number(args[0] ?? 0), logs: [out("got SIGTERM")] },
        };
      case "ignore-sigterm.sh":
      case "spawn-tree.sh":
        return { logs: [out("ready")], onStop: "ignore", exec: emulateExec };
      case "big-output.sh": {
        const lines = Number(args[0] ?? 20000);
        const pad = "x".repeat(Number(args[1] ?? 100));
        const logs: FakeLog[] = [];
        for (let i = 0; i < lines; i++) {
          logs.push(out(`out ${i} ${pad}`));
          if (i % 10 === 0) logs.push({ stream: "stderr", text: `err ${i / 10}` });
        }
        logs.push(out("tail-without-newline", true));
        return { exitAfterMs: 0, logs };
      }
      default:
        return {
          failStart: {
            reason: "RunContainerError",
            message: `container "${spec.name}": exec: "${program}": executable file not found in $PATH`,
          },
        };
    }
  };
}

/** `sleep N` run by exec: done after N seconds. */
function emulateExec(argv: string[]): ExecResult & { delayMs?: number } {
  const [program, seconds] = argv;
  if (program === "sleep")
    return { exitCode: 0, output: "", timedOut: false, delayMs: Number(seconds) * 1000 };
  return { exitCode: 0, output: "", timedOut: false };
}
