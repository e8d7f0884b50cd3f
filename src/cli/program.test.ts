import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandNames, usesProcessBackend } from "./program.js";

describe("the bundled CLI's entry", () => {
  it("keeps a code cache per command for exactly the commands the program has (scripts/cli-entry.mjs)", () => {
    const entry = readFileSync(new URL("../../scripts/cli-entry.mjs", import.meta.url), "utf8");
    const listed = /const COMMANDS = new Set\(\[([^\]]*)\]\)/.exec(entry)?.[1] ?? "";
    const names = [...listed.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
    expect([...names].sort()).toEqual([...commandNames].sort());
  });
});

describe("which runs probe the process backend's isolation while the command loads", () => {
  it.each([
    [["run", "-f", "pod.yaml"], true],
    [["run", "-f", "pod.yaml", "--runtime", "process"], true],
    [["run", "-f", "pod.yaml", "--runtime=process"], true],
    [["run", "-f", "pod.yaml", "--runtime", "container"], false],
    [["run", "--runtime=container", "-f", "pod.yaml"], false],
    [["run", "--help"], false],
    [["run", "-h"], false],
  ])("%j → %s", (argv, expected) => {
    expect(usesProcessBackend(argv)).toBe(expected);
  });
});
