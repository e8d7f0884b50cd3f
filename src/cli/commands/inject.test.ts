import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { InvalidInputError } from "../../shared/index.js";
import { injectCommand } from "./inject.js";

function collect(): { stream: Writable; text: () => string } {
  let text = "";
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    }),
    text: () => text,
  };
}

const invalidSidecarSet = `apiVersion: apps.kruise.io/v1alpha1
kind: SidecarSet
metadata: {name: bad}
spec:
  selector: {matchLabels: {app: web}}
  containers: [{name: Bad_Name, image: x}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: app, image: x}]}
`;

describe("podvisor inject", () => {
  it("with an invalid SidecarSet reports its errors, not also that the input has no SidecarSets", async () => {
    const stdout = collect();
    const stderr = collect();
    const run = injectCommand(
      { filename: ["-"], output: "yaml", kubeVersion: "1.34", explain: true },
      {
        clock: new FakeClock(),
        stdin: Readable.from([invalidSidecarSet]),
        stdout: stdout.stream,
        stderr: stderr.stream,
        newUid: () => "uid",
      },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      expect.stringMatching(/^sidecarset\/bad: spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/),
    ]);
    expect(stderr.text()).not.toContain("no SidecarSets in the input");
    expect(stdout.text()).toBe("");
  });
});
