import { constants } from "node:os";

const byNumber = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

/** The signal a conventional 128+N exit status stands for, if N is a signal. */
export function signalFromExitCode(exitCode: number): NodeJS.Signals | undefined {
  return exitCode > 128 ? byNumber.get(exitCode - 128) : undefined;
}

/** 128 + the signal's number, as shells and container runtimes report a signal death. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
