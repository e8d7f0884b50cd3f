import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultJob, defaultPod, formatFieldError, validateJob, validatePod } from "../api/index.js";
import { loadRunInput } from "./load-run-input.js";

const context = { nowMs: 0, ids: () => "uid" };

/** Pod-shaped values whose fields have arbitrary JSON types: the wrong-type paths get exercised. */
const anyPodish = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("Pod"),
  metadata: fc.oneof(fc.jsonValue(), fc.record({ name: fc.jsonValue(), labels: fc.jsonValue() })),
  spec: fc.oneof(
    fc.jsonValue(),
    fc.record({
      containers: fc.oneof(
        fc.jsonValue(),
        fc.array(
          fc.dictionary(
            fc.constantFrom(
              "name",
              "image",
              "command",
              "env",
              "ports",
              "volumeMounts",
              "livenessProbe",
              "lifecycle",
              "restartPolicy",
            ),
            fc.jsonValue(),
          ),
        ),
      ),
      initContainers: fc.jsonValue(),
      volumes: fc.jsonValue(),
      restartPolicy: fc.jsonValue(),
    }),
  ),
});

describe("defaulting and validation of arbitrary input", () => {
  it("never throw, and every error has a path and formats to one line", () => {
    fc.assert(
      fc.property(anyPodish, (pod) => {
        const copy = structuredClone(pod) as Record<string, unknown>;
        defaultPod(copy, context);
        for (const error of validatePod(copy)) {
          expect(error.path).not.toBe("");
          expect(formatFieldError(error)).not.toContain("\n");
        }
        const job = {
          apiVersion: "batch/v1",
          kind: "Job",
          metadata: { name: "j" },
          spec: { template: structuredClone(pod) },
        };
        defaultJob(job, context);
        validateJob(job);
      }),
      { numRuns: 300 },
    );
  });

  it("defaulting twice changes nothing the first pass did not", () => {
    fc.assert(
      fc.property(anyPodish, (pod) => {
        const once = structuredClone(pod) as Record<string, unknown>;
        defaultPod(once, context);
        const twice = structuredClone(once);
        defaultPod(twice, context);
        expect(twice).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("loadRunInput accepts an object exactly when it reports no error for it", () => {
    fc.assert(
      fc.property(anyPodish, (pod) => {
        const input = loadRunInput([{ name: "p.json", text: JSON.stringify(pod) }], context);
        expect(input.pods.length === 1).toBe(input.errors.length === 0);
      }),
      { numRuns: 200 },
    );
  });
});
