/**
 * The universal and ordered-legacy sidecar modes (docs/sidecar-modes.md) through the built CLI
 * and the real podvisor-sidecar helper, built from sidecar-helper/ by its script. "An old node"
 * is `--feature-gates SidecarContainers=false`: init containers with restartPolicy Always run as
 * plain init containers, as on a 1.27 kubelet.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeOnPodman, TEST_IMAGES } from "../../src/runtime/container/testing/test-podman.js";
import { cliPath, linesOf, positionOf, repoRoot, startCli } from "./run-cli.js";

const example = join(repoRoot, "examples", "sidecar-modes.yaml");
let helper = "";
let orderedManifest = "";

beforeAll(() => {
  helper = execFileSync(join(repoRoot, "scripts", "sidecar-helper", "build.sh"), { encoding: "utf8" }).trim();
  // The example's SidecarSet, with an ordered-legacy Pod that runs until it is deleted.
  const sidecarSet = execFileSync("sed", ["-n", "/^apiVersion: apps.kruise.io/,/^---$/p", example], {
    encoding: "utf8",
  });
  orderedManifest = join(mkdtempSync(join(tmpdir(), "podvisor-modes-")), "ordered-legacy.yaml");
  writeFileSync(orderedManifest, `${sidecarSet}\n${orderedPod}`);
}, 120_000);

/** `inject` keeps no state, so it runs without run-cli's --state-dir. */
function inject(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, "inject", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const orderedPod = readFileSync(
  join(repoRoot, "test", "fixtures", "manifests", "sidecar-modes-ordered-pod.yaml"),
  "utf8",
);

describe("podvisor inject --explain names the mode and where it came from", () => {
  it("universal: both copies, the wrapped app, the doubled requests", () => {
    const result = inject(["-f", example, "--explain"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "sidecarset/mesh: injected, selector mesh=on matches; universal (pod annotation)",
    );
    expect(result.stderr).toContain(
      "proxy → initContainers (before the app's): universal sidecar, native copy",
    );
    expect(result.stderr).toContain(
      "proxy-legacy → containers (before the app's): universal sidecar, regular copy",
    );
    expect(result.stderr).toContain("(requests counted twice)");
    expect(result.stdout).toContain("- name: podvisor-sidecar-install");
    expect(result.stdout).toContain("image: podvisor/sidecar-helper:0.1.0");
  });

  it("ordered-legacy: the postStart wait and the preStop hold", () => {
    const result = inject(["-f", orderedManifest, "--explain", "--sidecar-helper-image", "example.com/h:1"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("ordered-legacy (pod annotation)");
    expect(result.stderr).toContain("proxy → containers (before the app's): ordered-legacy sidecar, first");
    expect(result.stderr).toContain(
      "proxy: postStart waits until its startupProbe (exec test -f /mesh/ready) passes",
    );
    expect(result.stderr).toContain(
      "proxy: preStop holds it until the app containers exited (at most 8s of the 10s grace period)",
    );
    expect(result.stdout).toContain("image: example.com/h:1");
  });
});

describe("podvisor run: a universal sidecar's Job completes with and without native sidecars", () => {
  it("a sidecar-aware node: the native copy is restarted and becomes the sidecar; the regular copy exits 0", async () => {
    const stdout = await expectUniversalJobCompletes(["-f", example, "--sidecar-helper", helper]);
    const proxy = linesOf(stdout, "proxy").join("\n");
    expect(proxy).toContain("proxy: restarted as a native sidecar; running it");
    expect(proxy).toContain("proxy: SIGTERM, bye");
    expect(linesOf(stdout, "proxy-legacy").join("\n")).toContain(
      "the native sidecar runs it; the regular copy exits 0",
    );
  });

  it("an old node (SidecarContainers=false): the regular copy is the sidecar and stops once the worker is done", async () => {
    const stdout = await expectUniversalJobCompletes([
      ...["-f", example, "--sidecar-helper", helper],
      ...["--feature-gates", "SidecarContainers=false"],
    ]);
    const result = { stdout };
    expect(linesOf(result.stdout, "proxy").join("\n")).not.toContain("proxy: starting");
    const legacy = linesOf(result.stdout, "proxy-legacy");
    expect(legacy.join("\n")).toContain(
      "no native sidecar on this node; the regular copy runs the sidecar until worker exit",
    );
    expect(positionOf(result.stdout, "worker: report done")).toBeLessThan(
      positionOf(result.stdout, "app containers done (worker: exit 0); stopping the sidecar"),
    );
    expect(positionOf(result.stdout, "stopping the sidecar")).toBeLessThan(
      positionOf(result.stdout, "proxy: SIGTERM, bye"),
    );
  });
});

/** Runs the ordered-legacy pod until the app's first line, deletes it (SIGINT), checks the order. */
async function expectOrderedLegacy(args: string[], env: Record<string, string> = {}): Promise<void> {
  const run = startCli(["run", ...args, "--feature-gates", "SidecarContainers=false"], { env });
  await run.waitForOutput("app: first line");
  run.child.kill("SIGINT");
  const result = await run.done;
  expect(result.code).toBe(130);
  expect(linesOf(result.stdout, "app")).toEqual([
    "app: first line, the proxy is ready",
    "app: SIGTERM, exiting",
  ]);
  const proxy = linesOf(result.stdout, "proxy");
  const at = (text: string) => {
    const index = proxy.findIndex((line) => line.includes(text));
    expect(index, `proxy log has "${text}":\n${proxy.join("\n")}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  expect(at("proxy: ready")).toBeLessThan(at("proxy ready after"));
  expect(at("app containers exited (app: exit 0)")).toBeLessThan(at("proxy: SIGTERM, bye"));
  // Across containers: the sidecar was ready before the app's first line, and stopped after the app.
  expect(positionOf(result.stdout, "proxy ready after")).toBeLessThan(
    positionOf(result.stdout, "app: first line"),
  );
  expect(positionOf(result.stdout, "app: SIGTERM, exiting")).toBeLessThan(
    positionOf(result.stdout, "proxy: SIGTERM, bye"),
  );
}

/** Runs the universal Job; it must complete with the worker seeing its sidecar. */
async function expectUniversalJobCompletes(
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const result = await startCli(["run", ...args], { env }).done;
  expect(result.stderr).toContain("Job completed");
  expect(result.code).toBe(0);
  expect(linesOf(result.stdout, "worker")).toEqual(["worker: sees the proxy", "worker: report done"]);
  return result.stdout;
}

describe("podvisor run: ordered legacy on an old node", () => {
  it("the app's first line sees the sidecar ready; the sidecar's log shows the app's exit before its own SIGTERM", async () => {
    await expectOrderedLegacy(["-f", orderedManifest, "--sidecar-helper", helper]);
  });
});

describeOnPodman("podvisor run --runtime container: the helper from its image", ({ client, network }) => {
  const env = {
    DOCKER_HOST: `unix://${client.socketPath}`,
    PODVISOR_PAUSE_IMAGE: TEST_IMAGES.pause,
    PODVISOR_NETWORK: network,
  };
  let image = "";
  const inContainers = (path: string) => {
    const copy = join(mkdtempSync(join(tmpdir(), "podvisor-modes-")), "manifest.yaml");
    writeFileSync(copy, readFileSync(path, "utf8").replaceAll("busybox:1.36", TEST_IMAGES.busybox));
    return copy;
  };
  beforeAll(() => {
    image = execFileSync(join(repoRoot, "scripts", "sidecar-helper", "build.sh"), ["--image"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  }, 120_000);

  it("a universal Job completes on an old node, the regular copy running the sidecar", async () => {
    const args = ["--runtime", "container", "-f", inContainers(example), "--sidecar-helper", image];
    const stdout = await expectUniversalJobCompletes(
      [...args, "--feature-gates", "SidecarContainers=false"],
      env,
    );
    expect(linesOf(stdout, "proxy-legacy").join("\n")).toContain(
      "the regular copy runs the sidecar until worker exit",
    );
  });

  it("ordered legacy keeps its order in real containers", async () => {
    await expectOrderedLegacy(
      ["--runtime", "container", "-f", inContainers(orderedManifest), "--sidecar-helper", image],
      env,
    );
  });
});
