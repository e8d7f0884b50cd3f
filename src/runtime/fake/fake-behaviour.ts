import type { ExecResult, LogLine } from "../port.js";

/** One line a scripted container writes; `atMs` is measured from its start (default 0). */
export interface FakeLog {
  text: string;
  stream?: LogLine["stream"];
  partial?: boolean;
  atMs?: number;
}

/**
 * What a fake container does, in the runtime's clock time. Read as a sentence:
 * "writes `logs`, exits with `exitCode` after `exitAfterMs`; on the stop signal, `onStop`".
 */
export interface FakeBehaviour {
  logs?: FakeLog[];
  /** Exits on its own this long after starting; omitted: runs until stopped. */
  exitAfterMs?: number;
  /** Exit code when it exits on its own (default 0). */
  exitCode?: number;
  /**
   * On the stop signal: "die" (default) ends it at once with 128+signal, as a process without a
   * handler; "ignore" leaves it running until SIGKILL at the end of the grace period; a handler
   * exits with `exitCode` after `afterMs` (SIGKILL first if the grace period is shorter).
   */
  onStop?: "die" | "ignore" | { exitCode: number; afterMs?: number; logs?: FakeLog[] };
  /** Makes startContainer throw ContainerStartError with this reason and message. */
  failStart?: {
    reason: "CreateContainerError" | "CreateContainerConfigError" | "RunContainerError" | "StartError";
    message: string;
    /** The container was created and its start failed: the runtime keeps it exited (A17). */
    leftExited?: true;
  };
  /**
   * Answers execInContainer (default: exit 0, no output); `delayMs` beyond the timeout → timedOut;
   * the container exiting first ends it with 137.
   */
  exec?: (argv: string[]) => ExecResult & { delayMs?: number };
}

/**
 * The behaviour an argv asks for when nothing is scripted, so agent tests can say it inline:
 *   ["exit-after", "5000", "3"]   exits with 3 after 5 s
 *   ["ignore-sigterm"]            runs until SIGKILL
 *   ["trap-sigterm", "7"]         exits with 7 on the stop signal
 *   anything else                 runs until stopped, dies on the stop signal
 */
export function behaviourFromArgv(argv: readonly string[]): FakeBehaviour {
  const [verb, first, second] = argv;
  switch (verb) {
    case "exit-after":
      return { exitAfterMs: Number(first ?? 0), exitCode: Number(second ?? 0) };
    case "ignore-sigterm":
      return { onStop: "ignore" };
    case "trap-sigterm":
      return { onStop: { exitCode: Number(first ?? 0) } };
    default:
      return {};
  }
}
