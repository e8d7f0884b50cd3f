/**
 * Whether the built podvisor runs probes: a pod whose container has an exec readiness probe that
 * writes a file. Probes run → the file appears (the first run is due at once). No probe support →
 * the manifest is rejected, or the container becomes Ready without the file having appeared.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { distHas, type ContainerRuntime, type Dist } from "./lib/dist.js";
import { bash, pod, toYaml } from "./lib/manifests.js";
import { runInProcess } from "./lib/podvisor.js";
import { sleep } from "./lib/stats.js";

export interface ProbeSupport {
  supported: boolean;
  why: string;
}

export async function detectProbeSupport(dist: Dist, runtime: ContainerRuntime): Promise<ProbeSupport> {
  if (!distHas("agent/probe-workers.js") || !distHas("probes/index.js"))
    return { supported: false, why: "dist/ has no probe workers (issue 3 has not landed in this build)" };
  const dir = mkdtempSync(join(tmpdir(), "pvbench-detect-"));
  const marker = join(dir, "probed");
  const manifest = pod("probe-detect", {
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 5,
    containers: [
      bash("app", "trap 'exit 0' TERM; sleep 600 >/dev/null 2>&1 & wait", {
        readinessProbe: { exec: { command: ["sh", "-c", `: > ${marker}`] }, periodSeconds: 1 },
      }),
    ],
  });
  let readyWithoutProbe = false;
  try {
    const run = runInProcess(dist, runtime, toYaml([manifest]), {
      timeoutMs: 10_000,
      onPodStatus: (current, session) => {
        const ready = current.status?.containerStatuses?.[0]?.ready === true;
        if (ready && !existsSync(marker)) readyWithoutProbe = true;
        if (ready) session.deleteAll();
      },
    });
    run.catch(() => undefined);
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline && !existsSync(marker) && !readyWithoutProbe) await sleep(20);
    const probed = existsSync(marker);
    await Promise.race([run, sleep(3_000)]);
    if (probed) return { supported: true, why: "an exec readiness probe ran" };
    return {
      supported: false,
      why: readyWithoutProbe
        ? "a container with a readiness probe became Ready without the probe having run"
        : "an exec readiness probe did not run within 2 s",
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { supported: false, why: `a pod with a probe could not run: ${message.slice(0, 300)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
