/**
 * Signals as Kubernetes names them: core/v1 `Signal` (the values `lifecycle.stopSignal` accepts
 * on Linux, KEP-4960), and their Linux numbers, which `ContainerStateTerminated.signal` and the
 * 128+N exit status carry. The one signal table of the project: validation, the launch spec, the
 * status and every runtime backend read it.
 */

/** Linux signal numbers of the named (non-realtime) signals, aliases included (x86/arm). */
const linuxSignalNumbers = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGIOT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPOLL: 29,
  SIGPWR: 30,
  SIGSYS: 31,
} as const;

/** A named signal with a fixed Linux number. */
export type NamedSignal = keyof typeof linuxSignalNumbers;

/** core/v1 `Signal`: a named signal or a realtime one (SIGRTMIN, SIGRTMIN+1 … SIGRTMAX-1, SIGRTMAX). */
export type Signal = NamedSignal | "SIGRTMIN" | "SIGRTMAX" | `SIGRTMIN+${number}` | `SIGRTMAX-${number}`;

/** The stop signals Linux pods may choose (supportedStopSignalsLinux), sorted as validation lists them. */
export const LINUX_STOP_SIGNALS: readonly Signal[] = (
  [
    ...(Object.keys(linuxSignalNumbers) as NamedSignal[]),
    "SIGRTMIN",
    "SIGRTMAX",
    ...Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}` as const),
    ...Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${i + 1}` as const),
  ] as Signal[]
).sort();

/** The stop signals Windows pods may choose (supportedStopSignalsWindows). */
export const WINDOWS_STOP_SIGNALS: readonly Signal[] = ["SIGKILL", "SIGTERM"];

/** The Linux number of a named signal; undefined for realtime or unknown names. */
export function signalNumber(name: string): number | undefined {
  return Object.hasOwn(linuxSignalNumbers, name) ? linuxSignalNumbers[name as NamedSignal] : undefined;
}

const canonicalByNumber = new Map<number, NamedSignal>();
for (const [name, number] of Object.entries(linuxSignalNumbers) as [NamedSignal, number][]) {
  if (!canonicalByNumber.has(number)) canonicalByNumber.set(number, name);
}

/** The usual name of a signal number (SIGABRT for 6, not SIGIOT); undefined for an unnamed one. */
export function signalFromNumber(number: number): NamedSignal | undefined {
  return canonicalByNumber.get(number);
}

/** The usual name of a named signal ("SIGCLD" → "SIGCHLD"); undefined for realtime or unknown names. */
export function canonicalSignal(name: string): NamedSignal | undefined {
  const number = signalNumber(name);
  return number === undefined ? undefined : signalFromNumber(number);
}

/** The signal a conventional 128+N exit status stands for, if N is a named signal. */
export function signalFromExitCode(exitCode: number): NamedSignal | undefined {
  return exitCode > 128 ? signalFromNumber(exitCode - 128) : undefined;
}

/** 128 + the signal's number, as shells and container runtimes report a death by signal. */
export function exitCodeForSignal(signal: string, fallbackNumber = 0): number {
  return 128 + (signalNumber(signal) ?? fallbackNumber);
}
