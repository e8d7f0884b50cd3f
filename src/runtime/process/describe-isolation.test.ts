import { describe, expect, it } from "vitest";
import { describeIsolation, type IsolationTools } from "./detect-isolation.js";

const tools: IsolationTools = {
  setpriv: "/usr/bin/setpriv",
  unshare: "/usr/bin/unshare",
  nsenter: "/usr/bin/nsenter",
  mount: "/usr/bin/mount",
  mkdir: "/usr/bin/mkdir",
  sh: "/bin/sh",
};

describe("how `podvisor run --help` says containers are launched on this host", () => {
  const native = {
    kind: "namespaces" as const,
    tools,
    launcher: { kind: "native" as const, path: "/opt/pl" },
  };

  it("names the native launcher's long-lived server, the default", () => {
    expect(describeIsolation(native, {})).toBe(
      "pid + mount namespaces; containers start through the native launcher /opt/pl, whose long-lived server (`podvisor-launch --serve`) clones each PID 1 into its namespaces (PODVISOR_LAUNCH_SERVER=off spawns one launcher per container instead)",
    );
  });

  it("says when PODVISOR_LAUNCH_SERVER=off has podvisor spawn the launcher per container", () => {
    expect(describeIsolation(native, { PODVISOR_LAUNCH_SERVER: "off" })).toBe(
      "pid + mount namespaces; containers start through the native launcher /opt/pl, one spawn per container (PODVISOR_LAUNCH_SERVER=off)",
    );
  });

  it("names the shell chain and why the native launcher is not used", () => {
    const chain = {
      kind: "userns" as const,
      tools,
      launcher: { kind: "chain" as const, why: "PODVISOR_LAUNCHER=chain" },
    };
    expect(describeIsolation(chain, {})).toBe(
      "pid + mount namespaces in a user namespace; containers start through the shell chain setpriv → unshare → sh (PODVISOR_LAUNCHER=chain)",
    );
  });

  it("says plainly when there are no namespaces", () => {
    expect(describeIsolation({ kind: "none", why: "not Linux" }, {})).toBe(
      "no namespaces (not Linux): containers are plain process groups",
    );
  });
});
