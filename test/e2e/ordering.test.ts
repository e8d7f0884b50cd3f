/**
 * Dependency ordering by the podvisor.dev/wait-for annotation (docs/ordering.md), end to end
 * through the built CLI on the process backend: the KubeCon talk's proxy → mysql-client → app with
 * readiness gates, a post-app sidecar, the stop order, and a cycle refused before anything starts.
 * Each container of the example touches a file once ready and prints the files it sees first.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf, positionOf, repoRoot, runCli } from "./run-cli.js";

const example = join(repoRoot, "examples", "ordered-sidecars.yaml");

describe("podvisor.dev/wait-for, end to end", () => {
  it("proxy → mysql-client → app → refresher: each container's first line sees what it waits for ready; stops go the other way", async () => {
    const result = await runCli(["run", "-f", example]);
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(linesOf(stdout, "mysql-client")[0]).toBe("mysql-client: connecting, sees: proxy ");
    expect(linesOf(stdout, "app")[0]).toBe("app: starting, sees: mysql-client proxy ");
    // The post-app sidecar: started once the app was ready, not before it (the app was not held).
    expect(linesOf(stdout, "refresher")[0]).toBe(
      "refresher: refreshing the app's data, sees: app mysql-client proxy ",
    );
    expect(positionOf(stdout, "app: serving")).toBeLessThan(positionOf(stdout, "refresher: refreshing"));
    // Termination: the refresher still stops after the app; mysql-client after what waits for it
    // (the app), the proxy last (it is waited for by both).
    const appDone = positionOf(stdout, "app: done");
    expect(positionOf(stdout, "refresher: bye")).toBeGreaterThan(appDone);
    expect(positionOf(stdout, "mysql-client: bye")).toBeGreaterThan(appDone);
    expect(positionOf(stdout, "proxy: bye")).toBeGreaterThan(positionOf(stdout, "mysql-client: bye"));
  });

  it("a cycle is refused before anything starts: exit 2, the cycle named on the annotation's field path", async () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: cyclic
  annotations:
    podvisor.dev/wait-for: "proxy: app=ready; app: proxy=ready; api: proxy=ready"
spec:
  restartPolicy: Never
  initContainers:
    - { name: proxy, image: envoy, restartPolicy: Always, command: [sh, -c, "echo must-not-run; sleep 60"] }
  containers:
    - { name: app, image: busybox, command: [sh, -c, "echo must-not-run"] }
`;
    const result = await runCli(["run", "-f", "-"], { stdin: manifest });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "pod/cyclic: metadata.annotations[podvisor.dev/wait-for]: Invalid value: cycle: proxy → app → proxy",
    );
    expect(result.stderr).toContain(
      'pod/cyclic: metadata.annotations[podvisor.dev/wait-for]: Not found: "api": no container of this name in the pod',
    );
    expect(result.stdout).not.toContain("must-not-run");
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
