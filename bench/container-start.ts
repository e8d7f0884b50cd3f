/**
 * Issue 16's benchmark, in one run on the same images (scripts/podman/build-test-images.sh):
 *
 * - `podvisor_pod_start_ms`: `podvisor run --runtime container` of a pod with an init container,
 *   two native sidecars and an app, from the CLI's spawn to the app's first output line;
 * - `engine_floor_ms`: the engine's own floor, create + start of one container through the Engine
 *   API (until the start is answered), × 5: the containers that must start in sequence (infra,
 *   init, sidecar, sidecar, app) — a low floor: it leaves out the init container's run and exit;
 * - `kube_play_ms`: `podman kube play` of the same pod with the sidecars as regular containers
 *   (the pod it can run), until it returns with the pod started; and of the native-sidecar pod,
 *   bounded by a timeout (Podman 4.3 knows no native sidecars).
 *
 *   npm run build && npx vite-node bench/container-start.ts [--repeats N]
 *
 * Writes bench/container-results.json. Needs the test Podman (scripts/podman/setup.sh) and the
 * `podman` CLI; traffic stays on this machine. Not a test: no thresholds.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath, repoRoot } from "./lib/dist.js";
import { absent, summarize, type Figure } from "./lib/stats.js";

const SOCKET = (process.env.PODVISOR_PODMAN_SOCKET ?? "/run/podvisor-podman/podman.sock").replace(
  /^unix:\/\//,
  "",
);
const BUSYBOX = "localhost/podvisor/busybox:test";
const usage = `usage: npm run build && npx vite-node bench/container-start.ts [--repeats N]
  --repeats N   measure each figure N times, interleaved (default 5)
Writes bench/container-results.json. Needs the test Podman (scripts/podman/setup.sh).
`;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(usage);
  process.exit(0);
}
const repeatsFlag = args.includes("--repeats") ? args[args.indexOf("--repeats") + 1] : "5";
const REPEATS = Number(repeatsFlag);
const unknown = args.filter((a, i) => a !== "--repeats" && args[i - 1] !== "--repeats");
if (!Number.isInteger(REPEATS) || REPEATS < 1 || unknown.length > 0) {
  const why =
    unknown.length > 0
      ? `unknown argument "${unknown[0]}"`
      : `--repeats must be a positive integer, got "${repeatsFlag}"`;
  process.stderr.write(`bench container-start: ${why}\n${usage}`);
  process.exit(2);
}
const IN_SEQUENCE = 5;
const KUBE_PLAY_TIMEOUT_MS = 20_000;

const sidecarCommand = `[sh, -c, 'trap "exit 0" TERM; echo up; while :; do sleep 1 & wait $!; done']`;
const pod = (name: string, sidecars: "native" | "regular") => `
apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 2
  initContainers:
    - { name: init, image: ${BUSYBOX}, command: [sh, -c, 'echo init'] }
${
  sidecars === "native"
    ? `    - { name: proxy, image: ${BUSYBOX}, restartPolicy: Always, command: ${sidecarCommand} }
    - { name: logs, image: ${BUSYBOX}, restartPolicy: Always, command: ${sidecarCommand} }
  containers:`
    : `  containers:
    - { name: proxy, image: ${BUSYBOX}, command: ${sidecarCommand} }
    - { name: logs, image: ${BUSYBOX}, command: ${sidecarCommand} }`
}
    - { name: app, image: ${BUSYBOX}, command: [sh, -c, 'echo app started'] }
`;

function engine<T>(method: string, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: SOCKET, method, path, headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () =>
          (res.statusCode ?? 500) < 300
            ? resolve((text ? JSON.parse(text) : {}) as T)
            : reject(new Error(text)),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** create + start of one container (until the engine answers the start), through the API podvisor uses. */
async function oneContainerMs(): Promise<number> {
  const t0 = performance.now();
  const { Id } = await engine<{ Id: string }>("POST", "/containers/create", {
    Image: BUSYBOX,
    Cmd: ["true"],
  });
  await engine("POST", `/containers/${Id}/start`);
  const ms = performance.now() - t0;
  await engine("POST", `/containers/${Id}/wait`);
  await engine("DELETE", `/containers/${Id}?force=true`);
  return ms;
}

/** podvisor run of the native-sidecar pod: spawn → the app's first line on stdout. */
function podvisorPodStartMs(manifest: string): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), "podvisor-bench-"));
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [cliPath, "run", "--runtime", "container", "-f", "-", "--state-dir", stateDir],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DOCKER_HOST: `unix://${SOCKET}`,
        PODVISOR_PAUSE_IMAGE: "localhost/podvisor/pause:test",
        NO_COLOR: "1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    },
  );
  child.stdin.end(manifest);
  let started = NaN;
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (Number.isNaN(started) && out.includes("app started")) started = performance.now() - t0;
  });
  return new Promise((resolve) =>
    child.on("close", () => {
      rmSync(stateDir, { recursive: true, force: true });
      resolve(started);
    }),
  );
}

/** `podman kube play` until it returns (the pod started), then `kube down`; NaN past the timeout. */
function kubePlayMs(file: string): number {
  const t0 = performance.now();
  const played = spawnSync("podman", ["kube", "play", file], {
    timeout: KUBE_PLAY_TIMEOUT_MS,
    encoding: "utf8",
  });
  const ms = performance.now() - t0;
  spawnSync("podman", ["kube", "down", file], { timeout: 30_000 });
  // At the timeout spawnSync sets `error` (ETIMEDOUT) and kills it; Podman may still exit 0.
  return played.status === 0 && played.error === undefined ? ms : NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "podvisor-kube-"));
  const regularFile = join(dir, "regular.yaml");
  const nativeFile = join(dir, "native.yaml");
  writeFileSync(regularFile, pod("bench-regular", "regular"));
  writeFileSync(nativeFile, pod("bench-native", "native"));
  const podvisor: number[] = [];
  const floor: number[] = [];
  const kubePlay: number[] = [];
  // Interleaved, so that drift on the shared machine hits every variant alike.
  for (let i = 0; i < REPEATS; i++) {
    podvisor.push(await podvisorPodStartMs(pod(`bench-${i}`, "native")));
    floor.push((await oneContainerMs()) * IN_SEQUENCE);
    kubePlay.push(kubePlayMs(regularFile));
  }
  const native = kubePlayMs(nativeFile);
  rmSync(dir, { recursive: true, force: true });
  const figures = {
    podvisor_pod_start_ms: summarize(podvisor),
    engine_floor_ms: summarize(floor),
    kube_play_ms: summarize(kubePlay),
    kube_play_native_sidecars_ms: Number.isNaN(native)
      ? absent(`podman kube play did not finish within ${KUBE_PLAY_TIMEOUT_MS} ms or failed`)
      : summarize([native]),
  } satisfies Record<string, Figure>;
  const ratio = (figures.podvisor_pod_start_ms.median ?? NaN) / (figures.engine_floor_ms.median ?? NaN);
  const result = { repeats: REPEATS, figures, podvisor_over_floor: Number(ratio.toFixed(2)) };
  writeFileSync(join(repoRoot, "bench", "container-results.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

await main();
