import { describe, expect, it } from "vitest";
import { runCli } from "./testing/run-cli.js";

const cli = (args: string[]) => runCli(args, { env: { XDG_CONFIG_HOME: "/nonexistent-podvisor-config" } });

describe("--feature-gates on podvisor run", () => {
  it("an unknown gate is one line naming it, exit 2, before anything runs", async () => {
    const { code, stderr } = await cli(["run", "-f", "-", "--feature-gates", "SidecarContainer=false"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: invalid argument "SidecarContainer=false" for "--feature-gates" flag: unrecognized feature gate: SidecarContainer (podvisor knows: SidecarContainers, SidecarsRestartableDuringPodTermination)\n',
    );
  });

  it("run --help names the flag and what SidecarContainers=false does", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--feature-gates <gates>");
    expect(stdout).toContain("SidecarContainers=false");
  });
});

describe("podvisor doctor's flags", () => {
  it("--help lists what it checks and its exit codes", async () => {
    const { code, stdout } = await cli(["doctor", "--help"]);
    expect(code).toBe(0);
    for (const text of ["--label-nodes", "--namespace", "dryRun=All", "Exit codes", "docs/adoption.md"])
      expect(stdout).toContain(text);
  });

  it("-o other than json is one line, exit 2", async () => {
    const { code, stderr } = await cli(["doctor", "-o", "yaml"]);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --output must be json (or absent for the checklist), got "yaml"\n');
  });
});
