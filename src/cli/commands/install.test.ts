import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../shared/index.js";
import { installCommand } from "./install.js";

const defaults = {
  namespace: "podvisor-system",
  image: "podvisor:0.1.0",
  failurePolicy: "Ignore",
  timeoutSeconds: "5",
  crdsOnly: false,
  output: "yaml",
};

async function run(
  flags: Partial<typeof defaults> & { url?: string; caBundle?: string; namespaceLabel?: string },
): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  await installCommand({ ...defaults, ...flags }, stdout);
  return out;
}

describe("podvisor install", () => {
  it("deploy/ holds exactly what install prints with the defaults (regenerate with `podvisor install [--crds-only] > deploy/...`)", async () => {
    expect(readFileSync("deploy/podvisor.yaml", "utf8")).toBe(await run({}));
    expect(readFileSync("deploy/crds/sidecarsets.apps.kruise.io.yaml", "utf8")).toBe(
      await run({ crdsOnly: true }),
    );
  });

  it("quotes a label value YAML 1.1 reads as a boolean (kubectl parses YAML 1.1: yes would be true)", async () => {
    expect(await run({ namespaceLabel: "sidecars=yes" })).toContain('sidecars: "yes"');
  });

  it("names every bad flag at once, with the fix", async () => {
    const error = await run({
      url: "http://x?y",
      failurePolicy: "Sometimes",
      timeoutSeconds: "60",
      namespace: "Bad_NS",
      namespaceLabel: "novalue",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      '--url must use https (the API server calls webhooks over TLS), got "http://x?y"',
      '--url must not have a query or fragment, got "http://x?y"',
      expect.stringMatching(/^--namespace "Bad_NS": /),
      '--failure-policy must be Ignore or Fail, got "Sometimes"',
      '--timeout-seconds must be a whole number from 1 to 30 (the API server\'s limits), got "60"',
      '--namespace-label must be KEY=VALUE, got "novalue"',
    ]);
  });
});
