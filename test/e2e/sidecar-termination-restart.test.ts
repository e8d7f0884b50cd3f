/**
 * KEP-4438 through the built CLI (process backend): with `--feature-gates
 * SidecarsRestartableDuringPodTermination=true` a sidecar that dies while the app drains comes
 * back and the app's last request still goes through it; without the gate it stays down, as a
 * v1.36 kubelet leaves it (C10). The two containers talk through files in a directory the test
 * made (process containers share the host's filesystem).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { linesOf, positionOf, processesWith, startCli } from "./run-cli.js";

/**
 * `proxy` serves requests (a file `request` becomes `handled`); its first instance dies once the
 * app began terminating. `app` drains on SIGTERM: one request through the proxy, 5 s at most.
 */
function drainingPod(dir: string, marker: string): string {
  const proxy = [
    `D=${dir}`,
    'echo "proxy: start"',
    "[ -e $D/proxy-died ] && restarted=1",
    "trap 'exit 0' TERM",
    "while :; do",
    '  if [ -z "$restarted" ] && [ -e $D/app-terminating ]; then echo "proxy: dying"; touch $D/proxy-died; exit 1; fi',
    '  if [ -e $D/request ]; then mv $D/request $D/handled; echo "proxy: served"; fi',
    "  sleep 0.1",
    "done",
  ].join("\n");
  const drain = [
    "touch $D/app-terminating",
    'echo "app: draining"',
    "sleep 1",
    "echo req > $D/request",
    "i=0",
    "while [ $i -lt 50 ] && [ ! -e $D/handled ]; do sleep 0.1; i=$((i+1)); done",
    'if [ -e $D/handled ]; then echo "app: drained through proxy"; exit 0; fi',
    'echo "app: drain failed"',
    "exit 1",
  ].join("; ");
  const app = [`D=${dir}`, `trap '${drain}' TERM`, 'echo "app: up"', "while :; do sleep 0.1; done"].join(
    "\n",
  );
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "drain" },
    spec: {
      terminationGracePeriodSeconds: 10,
      initContainers: [
        { name: "proxy", image: "busybox", restartPolicy: "Always", command: ["sh", "-c", proxy, marker] },
      ],
      containers: [{ name: "app", image: "busybox", command: ["sh", "-c", app, marker] }],
    },
  });
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function runAndDelete(marker: string, extraArgs: string[]) {
  const dir = await mkdtemp(join(tmpdir(), "podvisor-e2e-kep4438-"));
  dirs.push(dir);
  const run = startCli(["run", "-f", "-", ...extraArgs], { stdin: drainingPod(dir, marker) });
  await run.waitForOutput("app: up");
  await run.waitForOutput("proxy: start");
  run.child.kill("SIGINT");
  const result = await run.done;
  expect(processesWith(marker)).toEqual([]);
  return result;
}

describe("KEP-4438: SidecarsRestartableDuringPodTermination", () => {
  it("gate on: the sidecar that died during termination comes back and the draining app reaches it", async () => {
    const result = await runAndDelete("podvisor-e2e-kep4438-on", [
      "--feature-gates",
      "SidecarsRestartableDuringPodTermination=true",
    ]);
    const out = result.stdout;
    expect(linesOf(out, "proxy").filter((line) => line === "proxy: start")).toHaveLength(2);
    expect(linesOf(out, "app")).toContain("app: drained through proxy");
    // The second start came while the app was still draining, and served its request.
    const second = out.split("\n").findLastIndex((line) => line.endsWith("proxy: start"));
    expect(second).toBeGreaterThan(positionOf(out, "proxy: dying"));
    expect(second).toBeLessThan(positionOf(out, "app: drained through proxy"));
    expect(positionOf(out, "proxy: served")).toBeLessThan(positionOf(out, "app: drained through proxy"));
    expect(result.code).toBe(130);
  });

  it("gate off (the default): the sidecar stays down and the app's drain fails, as on a v1.36 kubelet", async () => {
    const result = await runAndDelete("podvisor-e2e-kep4438-off", []);
    const out = result.stdout;
    expect(linesOf(out, "proxy").filter((line) => line === "proxy: start")).toHaveLength(1);
    expect(linesOf(out, "proxy")).toContain("proxy: dying");
    expect(linesOf(out, "app")).toContain("app: drain failed");
    expect(result.code).toBe(130);
  });
});
