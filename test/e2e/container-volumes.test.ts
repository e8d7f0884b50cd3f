import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { cleanupDeadRuns, isProcessAlive } from "../../src/runtime/container/index.js";
import { describeOnPodman, TEST_IMAGES } from "../../src/runtime/container/testing/test-podman.js";
import { cliPath, linesOf, readStatusFile, repoRoot, startCli, type CliRun } from "./run-cli.js";

/**
 * `run --runtime container` and the volume work the kubelet's volume plugins do (fsGroup's
 * ownership, a tmpfs for `medium: Memory`), and ErrImageNeverPull's retries, on the test Podman.
 */
const owned = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  app.conf: "level=debug"
---
apiVersion: v1
kind: Pod
metadata:
  name: owned
spec:
  restartPolicy: Never
  securityContext: { runAsUser: 1234, fsGroup: 2000, fsGroupChangePolicy: OnRootMismatch }
  volumes:
    - { name: scratch, emptyDir: {} }
    - { name: mem, emptyDir: { medium: Memory, sizeLimit: 1Mi } }
    - { name: settings, configMap: { name: settings } }
  initContainers:
    - name: init
      image: ${TEST_IMAGES.busybox}
      command: [sh, -c, 'echo from-init > /mem/handoff']
      volumeMounts: [{ name: mem, mountPath: /mem }]
  containers:
    - name: app
      image: ${TEST_IMAGES.busybox}
      command:
        - sh
        - -c
        - |
          echo "scratch $(stat -c '%a %g' /scratch)"
          touch /scratch/made && echo "made $(stat -c '%g' /scratch/made)"
          echo "mem $(stat -c '%a %g' /mem) $(cat /mem/handoff)"
          grep ' /mem ' /proc/mounts | cut -d' ' -f1,3,4 | sed 's/,.*size=/ size=/; s/,.*//'
          dd if=/dev/zero of=/mem/fill bs=1024 count=2048 2>&1 | grep -o 'No space left on device' | head -n1
          echo "conf $(stat -L -c '%a %g' /settings/app.conf) $(cat /settings/app.conf)"
      volumeMounts:
        - { name: scratch, mountPath: /scratch }
        - { name: mem, mountPath: /mem }
        - { name: settings, mountPath: /settings }
`;

const neverPulled = `
apiVersion: v1
kind: Pod
metadata:
  name: neverpulled
spec:
  containers:
    - name: app
      image: localhost/podvisor/absent:1
      imagePullPolicy: Never
`;

const memoryHolder = `
apiVersion: v1
kind: Pod
metadata:
  name: memholder
spec:
  volumes: [{ name: mem, emptyDir: { medium: Memory, sizeLimit: 1Mi } }]
  containers:
    - name: app
      image: ${TEST_IMAGES.busybox}
      command: [sh, -c, 'echo kept > /mem/data; echo up; exec sleep 600']
      volumeMounts: [{ name: mem, mountPath: /mem }]
`;

/** Resolves once `text` has appeared `times` times on the run's stderr. */
function stderrShows(run: CliRun, text: string, times: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (run.stderrSoFar().split(text).length - 1 < times) return;
      run.child.stderr?.off("data", check);
      resolve();
    };
    run.child.stderr?.on("data", check);
    check();
  });
}

describeOnPodman(
  "podvisor run --runtime container: volumes and image policy (Podman)",
  ({ client, network }) => {
    const env = {
      DOCKER_HOST: `unix://${client.socketPath}`,
      PODVISOR_PAUSE_IMAGE: TEST_IMAGES.pause,
      PODVISOR_NETWORK: network,
    };

    it("fsGroup owns the volumes (setgid, group rw; configMap group r) and medium Memory is one tmpfs of sizeLimit the pod's containers share", async () => {
      const result = await startCli(["run", "--runtime", "container", "-f", "-"], { stdin: owned, env }).done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain("warning");
      expect(linesOf(result.stdout, "app")).toEqual([
        "scratch 2777 2000",
        "made 2000",
        // tmpfs mounts with mode 1777; SetVolumeOwnership adds setgid.
        "mem 3777 2000 from-init",
        "tmpfs tmpfs rw size=1024k",
        "No space left on device",
        "conf 644 2000 level=debug",
      ]);
    });

    it("after podvisor is SIGKILLed, podvisor cleanup unmounts the tmpfs of its medium: Memory emptyDir and says so", async () => {
      const run = startCli(["run", "--runtime", "container", "-f", "-"], { stdin: memoryHolder, env });
      await run.waitForOutput("app │ up");
      run.child.kill("SIGKILL");
      const { stateDir } = await run.done;
      try {
        expect(readFileSync("/proc/self/mountinfo", "utf8")).toContain(stateDir);
        const cleaned = spawnSync(process.execPath, [cliPath, "cleanup", "--state-dir", stateDir], {
          encoding: "utf8",
          timeout: 60_000,
        });
        expect(cleaned.status, cleaned.stderr).toBe(0);
        expect(cleaned.stdout).toMatch(/^run (\S+): unmounted tmpfs \S+\/pods\/[^/]+\/volumes\/mem$/m);
        expect(cleaned.stdout).toMatch(/^run \S+ cleaned up$/m);
        expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(stateDir);
      } finally {
        // The dead run's containers: what the next container run would remove.
        await cleanupDeadRuns(client, isProcessAlive);
      }
    });

    it("ErrImageNeverPull: the pod waits with it and the image is looked for again each 10 s, never CrashLoopBackOff", async () => {
      const statusFile = join(repoRoot, "dist", `e2e-neverpulled-${process.pid}.json`);
      const run = startCli(["run", "--runtime", "container", "--status-file", statusFile, "-f", "-"], {
        stdin: neverPulled,
        env,
      });
      await stderrShows(run, "Error: ErrImageNeverPull", 2);
      run.child.kill("SIGINT");
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).not.toContain("BackOff");
      expect(result.stderr).toContain(
        'Container image "localhost/podvisor/absent:1" is not present with pull policy of Never',
      );
      const [status] = (readStatusFile(statusFile).items[0]?.status?.containerStatuses ?? []) as {
        state: { waiting?: { reason: string } };
      }[];
      expect(status?.state.waiting?.reason).toBe("ErrImageNeverPull");
    }, 60_000);
  },
);
