import { describe, expect, it } from "vitest";
import {
  LINUX_STOP_SIGNALS,
  WINDOWS_STOP_SIGNALS,
  canonicalSignal,
  exitCodeForSignal,
  signalFromExitCode,
  signalNumber,
} from "./signals.js";

describe("signals as Kubernetes names them", () => {
  it("Linux accepts the 34 named signals and the 31 realtime ones (supportedStopSignalsLinux)", () => {
    expect(LINUX_STOP_SIGNALS).toHaveLength(65);
    expect(LINUX_STOP_SIGNALS).toEqual([...LINUX_STOP_SIGNALS].sort());
    expect(LINUX_STOP_SIGNALS).toEqual(expect.arrayContaining(["SIGCLD", "SIGRTMIN+15", "SIGRTMAX-14"]));
  });

  it("Windows accepts only SIGKILL and SIGTERM", () => {
    expect(WINDOWS_STOP_SIGNALS).toEqual(["SIGKILL", "SIGTERM"]);
  });

  it("a death by signal is exit status 128 + its Linux number", () => {
    expect(exitCodeForSignal("SIGTERM")).toBe(143);
    expect(exitCodeForSignal("SIGKILL")).toBe(137);
    expect(signalFromExitCode(137)).toBe("SIGKILL");
    expect(signalFromExitCode(1)).toBeUndefined();
  });

  it("aliases share a number and read back as the usual name", () => {
    expect(signalNumber("SIGIOT")).toBe(6);
    expect(signalFromExitCode(134)).toBe("SIGABRT");
    expect(canonicalSignal("SIGCLD")).toBe("SIGCHLD");
    expect(canonicalSignal("SIGPOLL")).toBe("SIGIO");
  });

  it("realtime signals have no fixed number", () => {
    expect(signalNumber("SIGRTMIN+1")).toBeUndefined();
    expect(canonicalSignal("SIGRTMAX")).toBeUndefined();
  });
});
