/**
 * vitest setupFile for the cluster tests: when a test fails, print the tail of every control-plane
 * component's log beside the failure (the whole logs stay in the run directory).
 */
import { afterEach, inject } from "vitest";
import { connectToControlPlane } from "./cluster-client.js";

afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  console.error(
    `control-plane logs for "${context.task.name}":\n${connectToControlPlane(inject("controlPlane")).logTails()}`,
  );
});
