import { describe, expect, it } from "vitest";
import { createColorAssigner, formatLogLine } from "./log-line.js";
import { eventHeader, formatEventLine } from "./event-line.js";
import type { PodvisorEvent } from "../../shared/index.js";

const line = {
  pod: "report-x7k2p",
  container: "worker",
  text: "task 1 of 5 done",
  timeMs: Date.UTC(2026, 10, 22, 16, 0, 1, 250),
};

describe("container output, stern-style", () => {
  it("prints `pod container │ line` without colour when colour is off", () => {
    expect(formatLogLine(line, { color: false, timestamps: false, colorIndex: 0 })).toBe(
      "report-x7k2p worker │ task 1 of 5 done",
    );
  });

  it("puts the RFC 3339 timestamp after the prefix with --timestamps", () => {
    expect(formatLogLine(line, { color: false, timestamps: true, colorIndex: 0 })).toBe(
      "report-x7k2p worker │ 2026-11-22T16:00:01.250Z task 1 of 5 done",
    );
  });

  it("colours pod and container with the container's colour, and never the line itself", () => {
    const text = formatLogLine(line, { color: true, timestamps: false, colorIndex: 1 });
    expect(text).toBe("\u001b[32mreport-x7k2p\u001b[0m \u001b[32mworker\u001b[0m │ task 1 of 5 done");
  });

  it("gives each pod/container its own colour, stable on repeat", () => {
    const colorOf = createColorAssigner();
    expect([colorOf("a", "x"), colorOf("a", "y"), colorOf("b", "x"), colorOf("a", "x")]).toEqual([
      0, 1, 2, 0,
    ]);
  });
});

describe("lifecycle events, as kubectl get events -w prints them", () => {
  const event: PodvisorEvent = {
    type: "Normal",
    reason: "Started",
    message: "Started container worker",
    source: "kubelet",
    timeMs: 0,
    involvedObject: {
      kind: "Pod",
      namespace: "default",
      name: "report-x7k2p",
      fieldPath: "spec.containers{worker}",
    },
  };

  it("has kubectl's columns", () => {
    expect(eventHeader.split(/\s{2,}/)).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
  });

  it("prints one aligned row per event, the object as kind/name", () => {
    expect(formatEventLine(event, { color: false })).toBe(
      "0s         Normal   Started              pod/report-x7k2p             Started container worker",
    );
    expect(formatEventLine(event, { color: false }).indexOf("pod/")).toBe(eventHeader.indexOf("OBJECT"));
  });

  it("colours warnings only when colour is on", () => {
    const warning: PodvisorEvent = {
      ...event,
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
    };
    expect(formatEventLine(warning, { color: false })).not.toContain("\u001b[");
    const coloured = formatEventLine(warning, { color: true });
    expect(coloured.startsWith("\u001b[33m") && coloured.endsWith("\u001b[0m")).toBe(true);
  });
});
