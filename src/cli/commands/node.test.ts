import { describe, expect, it } from "vitest";
import { runCli as cli } from "../testing/run-cli.js";

describe("podvisor node", () => {
  it("--help teaches what the node does, its flags and an example", async () => {
    const { code, stdout } = await cli(["node", "--help"]);
    expect(code).toBe(0);
    for (const text of [
      "--kubeconfig",
      "--node-name",
      "--node-ip",
      "--state-dir",
      "kube-node-lease",
      "NotReady",
      "Example:",
    ])
      expect(stdout).toContain(text);
  });

  it("a --node-ip that is not an address is one line naming the flag, exit 2", async () => {
    const { code, stderr } = await cli(["node", "--node-ip", "localhost"]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")[0]).toBe(
      'error: --node-ip must be an IPv4 or IPv6 address, got "localhost"',
    );
  });

  it("a --node-name that is not a DNS subdomain is refused with the rule", async () => {
    const { code, stderr } = await cli(["node", "--node-name", "Edge_1"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--node-name must be a DNS subdomain (lower-case letters, digits, "-" and "."), got "Edge_1"',
    );
  });

  it("an unreadable kubeconfig is a one-line error, never a stack trace", async () => {
    const { code, stderr } = await cli(["node", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: cannot load the kubeconfig: /);
    expect(stderr).not.toContain("    at ");
  });

  it.each([
    [
      "an unknown gate is named, as the kubelet names it",
      ["--feature-gates", "SidecarContainers=false,Bogus=true"],
      'error: invalid argument "SidecarContainers=false,Bogus=true" for "--feature-gates" flag: unrecognized feature gate: Bogus (podvisor knows: SidecarContainers, SidecarsRestartableDuringPodTermination)',
    ],
    [
      "a kubelet version before native sidecars needs the gate off",
      ["--kubelet-version", "v1.27.16"],
      "error: --kubelet-version v1.27.16: a kubelet older than v1.28 has no native sidecars; add --feature-gates SidecarContainers=false",
    ],
    [
      "a kubelet version newer than the one implemented is refused",
      ["--kubelet-version", "v1.40.0"],
      "error: --kubelet-version v1.40.0 is newer than the kubelet podvisor implements (v1.36.3)",
    ],
    [
      "a kubelet version must be a full version",
      ["--kubelet-version", "1.27"],
      'error: --kubelet-version must look like v1.27.16, got "1.27"',
    ],
  ])("%s: one line, exit 2", async (_name, flags, line) => {
    const { code, stderr } = await cli(["node", ...flags]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")[0]).toBe(line);
  });
});
