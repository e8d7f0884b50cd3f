/**
 * `podvisor get sidecarsets` and `describe sidecarset` over saved objects (-f): the CRD's columns,
 * kubectl's NotFound and output formats, and the rollout as the controller would plan it now —
 * pods per revision, the pods held back and why — with the SidecarSet's events. The cluster side
 * (--kubeconfig) is exercised in test/cluster/rollout.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { T0_MS } from "../../controllers/sidecarset-rollout/testing/kruise-fixtures.js";
import {
  injectedPod,
  meshSidecarSet,
  withImages,
} from "../../controllers/sidecarset-rollout/testing/rollout-fixtures.js";
import { runCli } from "../testing/run-cli.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** A SidecarSet moved from images :1 to :2, its three pods still on :1, one not upgradable. */
function savedCluster(): string {
  const v1 = meshSidecarSet("1");
  const v2 = withImages(meshSidecarSet("1", { maxUnavailable: 1 }), "2");
  v2.apiVersion = "apps.kruise.io/v1beta1";
  v2.metadata = { name: "mesh", uid: "uid-mesh", creationTimestamp: iso(T0_MS) };
  v2.status = { matchedPods: 3, updatedPods: 0, readyPods: 3, updatedReadyPods: 0 };
  const changed = structuredClone(v1);
  changed.spec.containers![0]!.args = ["-v"];
  const pods = [injectedPod("web-0", [v1]), injectedPod("web-1", [v1]), injectedPod("web-2", [changed])];
  const event = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "mesh.1", namespace: "default" },
    involvedObject: { kind: "SidecarSet", name: "mesh", apiVersion: "apps.kruise.io/v1beta1" },
    type: "Normal",
    reason: "NotUpgradablePods",
    message: "SidecarSet in-place update detected 1 not upgradable pod(s) in this round",
    source: { component: "sidecarset-controller" },
    count: 2,
    firstTimestamp: iso(T0_MS + 20_000),
    lastTimestamp: iso(T0_MS + 50_000),
  };
  const other = { ...event, metadata: { name: "x.1" }, involvedObject: { kind: "SidecarSet", name: "x" } };
  const file = join(mkdtempSync(join(tmpdir(), "podvisor-sidecarset-views-")), "cluster.yaml");
  writeFileSync(file, stringify({ apiVersion: "v1", kind: "List", items: [v2, ...pods, event, other] }));
  return file;
}

const cli = (args: string[]) =>
  runCli(args, {
    nowMs: T0_MS + 60_000,
    env: { XDG_STATE_HOME: "/nonexistent", XDG_CONFIG_HOME: "/nonexistent", KUBECONFIG: "/nonexistent" },
  });

describe("podvisor get sidecarsets -f", () => {
  it("prints the CRD's printer columns: NAME MATCHED UPDATED READY AGE", async () => {
    const result = await cli(["get", "sidecarsets", "-f", savedCluster()]);
    expect(result).toEqual({
      code: 0,
      stdout: "NAME   MATCHED   UPDATED   READY   AGE\nmesh   3         0         3       60s\n",
      stderr: "",
    });
  });

  it("a name it does not hold: kubectl's NotFound, exit 1; -o name and jsonpath for the others", async () => {
    const file = savedCluster();
    expect(await cli(["get", "sidecarset", "nope", "-f", file])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): sidecarsets.apps.kruise.io "nope" not found\n',
    });
    expect((await cli(["get", "sidecarsets", "-f", file, "-o", "name"])).stdout).toBe(
      "sidecarset.apps.kruise.io/mesh\n",
    );
    const jsonpath = await cli([
      "get",
      "sidecarsets",
      "mesh",
      "-f",
      file,
      "-o",
      "jsonpath={.status.matchedPods}",
    ]);
    expect(jsonpath.stdout).toBe("3");
  });

  it("-w is refused with the command that watches a cluster", async () => {
    const result = await cli(["get", "sidecarsets", "-w", "-f", savedCluster()]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("kubectl get sidecarsets -w");
  });

  it("without -f, an unreadable kubeconfig: one line naming both ways to give the input, no stack trace", async () => {
    const result = await cli(["get", "sidecarsets", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot load the kubeconfig .*--kubeconfig PATH.*-f FILE/);
  });
});

describe("podvisor describe sidecarset -f", () => {
  it("a malformed saved object: one line per problem naming the file, the object and the field, exit 2", async () => {
    const result = await runCli(["describe", "sidecarset", "-f", "-"], {
      nowMs: T0_MS,
      stdin: stringify({
        apiVersion: "apps.kruise.io/v1beta1",
        kind: "SidecarSet",
        metadata: { name: "mesh" },
      }),
    });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain('error: <stdin>: SidecarSet "mesh": spec must be a mapping');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("with no name, every SidecarSet; a name it does not hold: NotFound, exit 1", async () => {
    const file = savedCluster();
    expect((await cli(["describe", "sidecarsets", "-f", file])).stdout).toMatch(/^Name: +mesh\n/);
    const missing = await cli(["describe", "sidecarset", "nope", "-f", file]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): sidecarsets.apps.kruise.io "nope" not found\n',
    });
  });

  it("shows the sidecars, the rollout as planned now (pods per revision, who is held back and why) and the events", async () => {
    const result = await cli(["describe", "sidecarset", "mesh", "-f", savedCluster()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // Revision hashes are Kruise's (tested beside the planner); here only where they appear.
    const text = result.stdout
      .replace(/\b[0-9a-z]{64}\b/g, "<hash>")
      .replace(/mesh-[0-9a-z]{10}\b/, "mesh-<id>");
    expect(text).toBe(
      [
        "Name:                mesh",
        "Namespace:           ",
        "Labels:              <none>",
        "Annotations:         <none>",
        "API Version:         apps.kruise.io/v1beta1",
        "Kind:                SidecarSet",
        "Selector:            app=web",
        "Namespace Selector:  <none>",
        "Init Containers:",
        "  proxy:  proxy:2 (native sidecar)",
        "  setup:  setup:2 (init container)",
        "Containers:",
        "  logs:  logs:2",
        "Rollout:",
        "  Revision:    <hash> (ControllerRevision mesh-<id>)",
        "  Strategy:    RollingUpdate, maxUnavailable 1, partition 0",
        "  State:       rolling update in progress",
        "  Pods:        3 matched, 0 updated, 3 ready, 0 updated and ready",
        "  This round:  default/web-0",
        "  Revisions:",
        "    REVISION                                                          PODS  READY",
        "    <hash>  2     2",
        "    <hash>  1     1",
        "  Pods not updated:",
        "    POD            STATE          REASON",
        "    default/web-0  UpdatingNow    sidecar images are updated in place now",
        "    default/web-1  Waiting        waiting: maxUnavailable (1) pods are already unavailable",
        "    default/web-2  NotUpgradable  its sidecars differ from the SidecarSet's in more than the image; recreate the pod to update it",
        "Events:",
        "  Type    Reason             Age                From                   Message",
        "  ----    ------             ----               ----                   -------",
        "  Normal  NotUpgradablePods  10s (x2 over 40s)  sidecarset-controller  SidecarSet in-place update detected 1 not upgradable pod(s) in this round",
        "",
      ].join("\n"),
    );
  });
});
