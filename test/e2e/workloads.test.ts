/**
 * Workloads through the built CLI, as a user runs them: the official deployment-sidecar example
 * (a Deployment with a native log-shipping sidecar) runs until Ctrl-C, then stops the app first
 * and the sidecar after it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf, positionOf, readStatusFile, repoRoot, runCli, startCli } from "./run-cli.js";

type ContainerStatus = { name: string; state: { terminated?: { finishedAt?: string } } };

describe("workloads, end to end, through the built CLI", () => {
  it("deployment-sidecar: 1 pod whose shipper prints the app's log lines; Ctrl-C stops the app, then the sidecar", async () => {
    // The example as published, with a shorter grace: its `sh` loop ignores SIGTERM (as PID 1 does in a container).
    const manifest = readFileSync(join(repoRoot, "examples", "deployment-sidecar.yaml"), "utf8").replace(
      "      volumes:",
      "      terminationGracePeriodSeconds: 2\n      volumes:",
    );
    const statusFile = join(repoRoot, "dist", `e2e-deployment-${process.pid}.json`);
    const run = startCli(["run", "-f", "-", "--status-file", statusFile], { stdin: manifest });
    await run.waitForOutput("logshipper │ logging");
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(linesOf(result.stdout, "logshipper")).toContain("logging");
    const items = readStatusFile(statusFile).items;
    const pods = items.filter((item) => item.kind === "Pod");
    expect(pods).toHaveLength(1);
    const rs = items.find((item) => item.kind === "ReplicaSet");
    const hash =
      (rs?.metadata as unknown as { labels: Record<string, string> }).labels["pod-template-hash"] ?? "";
    expect(pods[0]?.metadata.name).toMatch(new RegExp(`^myapp-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const status = pods[0]?.status as {
      initContainerStatuses: ContainerStatus[];
      containerStatuses: ContainerStatus[];
    };
    const finishedAt = (statuses: ContainerStatus[], name: string) =>
      Date.parse(statuses.find((s) => s.name === name)?.state.terminated?.finishedAt ?? "");
    // C5: the sidecar outlives the app.
    expect(finishedAt(status.containerStatuses, "myapp")).toBeLessThanOrEqual(
      finishedAt(status.initContainerStatuses, "logshipper"),
    );
    expect(result.stderr).toContain("Scaled up replica set myapp-");
  });

  it("--trigger cronjob/NAME runs one Job of the CronJob now, to completion, as kubectl create job --from does", async () => {
    const manifest = [
      "apiVersion: batch/v1",
      "kind: CronJob",
      "metadata: {name: report}",
      "spec:",
      '  schedule: "0 3 * * *"',
      "  jobTemplate:",
      "    spec:",
      "      template:",
      "        spec:",
      "          restartPolicy: Never",
      "          containers:",
      "            - {name: report, image: busybox, command: [sh, -c, 'echo report written']}",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: report}",
      "spec: {ports: [{port: 80}]}",
    ].join("\n");
    const statusFile = join(repoRoot, "dist", `e2e-trigger-${process.pid}.json`);
    const result = await runCli(
      ["run", "-f", "-", "--trigger", "cronjob/report", "--status-file", statusFile],
      {
        stdin: manifest,
      },
    );
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout, "report")).toEqual(["report written"]);
    expect(result.stderr).toContain("Warning: not run");
    expect(result.stderr).toContain("service/report");
    const job = readStatusFile(statusFile).items.find((item) => item.kind === "Job");
    expect(job?.metadata.name).toMatch(/^report-manual-/);
    expect((job?.status as { succeeded?: number }).succeeded).toBe(1);
  });

  it("a 3-replica OrderedReady StatefulSet starts web-1 only after web-0 reports ready, web-2 after web-1", async () => {
    const manifest = [
      "apiVersion: apps/v1",
      "kind: StatefulSet",
      "metadata: {name: web}",
      "spec:",
      "  replicas: 3",
      "  selector: {matchLabels: {app: web}}",
      "  template:",
      "    metadata: {labels: {app: web}}",
      "    spec:",
      "      terminationGracePeriodSeconds: 1",
      "      volumes: [{name: state, emptyDir: {}}]",
      "      containers:",
      "        - name: web",
      "          image: busybox",
      "          volumeMounts: [{name: state, mountPath: /state}]",
      '          command: [sh, -c, \'echo "$HOSTNAME starting"; sleep 0.5; echo "$HOSTNAME ready"; touch /state/ready; exec sleep 600\']',
      "          readinessProbe: {exec: {command: [test, -f, /state/ready]}, periodSeconds: 1}",
    ].join("\n");
    const run = startCli(["run", "-f", "-"], { stdin: manifest });
    await run.waitForOutput("web-2 starting");
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    const at = (text: string) => positionOf(result.stdout, text);
    expect(at("web-0 ready")).toBeGreaterThan(-1);
    expect(at("web-1 starting")).toBeGreaterThan(at("web-0 ready"));
    expect(at("web-2 starting")).toBeGreaterThan(at("web-1 ready"));
  });
});
