import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "podvisor-config-")), "config.yaml");
  writeFileSync(path, text);
  return path;
}

describe("the PodvisorConfiguration file", () => {
  it("reads crashLoopBackOff.maxContainerRestartPeriod as the kubelet configuration spells it", async () => {
    const path = configFile(
      "apiVersion: podvisor.dev/v1alpha1\nkind: PodvisorConfiguration\ncrashLoopBackOff:\n  maxContainerRestartPeriod: 10s\n",
    );
    expect(await loadConfig(path, {})).toEqual({ crashLoopBackOff: { maxContainerRestartPeriod: "10s" } });
  });

  it("reads the kubelet's log rotation settings, containerLogMaxSize as a quantity", async () => {
    const path = configFile(
      "kind: PodvisorConfiguration\ncontainerLogMaxSize: 1Mi\ncontainerLogMaxFiles: 3\n",
    );
    expect(await loadConfig(path, {})).toEqual({
      containerLogMaxSizeBytes: 1024 * 1024,
      containerLogMaxFiles: 3,
    });
  });

  it("refuses containerLogMaxFiles below 2, as the kubelet does", async () => {
    const path = configFile("kind: PodvisorConfiguration\ncontainerLogMaxFiles: 1\n");
    await expect(loadConfig(path, {})).rejects.toMatchObject({
      problems: [`${path}: containerLogMaxFiles: Invalid value: 1: must be an integer greater than 1`],
    });
  });

  it("is optional at its default path", async () => {
    expect(
      await loadConfig(undefined, { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "podvisor-none-")) }),
    ).toEqual({});
  });

  it("an explicit path that does not exist is an error naming it", async () => {
    await expect(loadConfig("/nonexistent/podvisor.yaml", {})).rejects.toThrow(
      /\/nonexistent\/podvisor\.yaml/,
    );
  });

  it("reports every problem at once with its field", async () => {
    const path = configFile(
      "kind: KubeletConfiguration\ncrashLoopBackOff:\n  maxContainerRestartPeriod: 10\nstateDir: 5\n",
    );
    await expect(loadConfig(path, {})).rejects.toMatchObject({
      problems: [
        `${path}: kind: Unsupported value: "KubeletConfiguration": supported values: "PodvisorConfiguration"`,
        `${path}: crashLoopBackOff.maxContainerRestartPeriod: Invalid value: must be a duration string such as "10s"`,
        `${path}: stateDir: Invalid value: must be a path`,
      ],
    });
  });
});
