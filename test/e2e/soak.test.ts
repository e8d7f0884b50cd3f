/**
 * A bounded soak (issue 10): a crash-looping pod, a chatty pod and a probe-heavy pod run together
 * for SOAK_SECONDS (default 40) under log rotation of 1Mi × 3 files. Asserted: podvisor's memory
 * stays bounded, the disk the logs take stays bounded, and every line the retention policy
 * promises (docs/guarantees.md: the current file and the rotated ones, the current and previous
 * instance of a container) is there, in order, without gaps.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "./run-cli.js";

const soakSeconds = Number(process.env.SOAK_SECONDS ?? 40);
const maxSizeBytes = 1024 * 1024;
const maxFiles = 3;

const manifest = `
apiVersion: v1
kind: Pod
metadata: {name: crashy}
spec:
  terminationGracePeriodSeconds: 2
  containers:
    - name: app
      image: busybox
      command: [sh, -c, 'echo "attempt at $(date +%s%N)"; exit 1']
---
apiVersion: v1
kind: Pod
metadata: {name: chatty}
spec:
  terminationGracePeriodSeconds: 2
  containers:
    - name: app
      image: busybox
      command: [sh, -c, 'i=0; while :; do seq $i $((i+1999)) | sed "s/^/line /"; i=$((i+2000)); sleep 0.05; done']
---
apiVersion: v1
kind: Pod
metadata: {name: probed}
# Generous probe timeouts: a loaded 2-core machine can take over the default 1 s to exec "true",
# and this pod is here to load the prober, not to time it.
spec:
  terminationGracePeriodSeconds: 2
  containers:
${[0, 1, 2]
  .map(
    (i) => `    - name: c${i}
      image: busybox
      command: [sh, -c, 'echo up; exec sleep 3600']
      readinessProbe: {exec: {command: ["true"]}, periodSeconds: 1, timeoutSeconds: 10}
      livenessProbe: {exec: {command: ["true"]}, periodSeconds: 1, timeoutSeconds: 10}`,
  )
  .join("\n")}
`;

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

describe("soak", () => {
  it(
    "crash loop, chatty and probe-heavy pods together: bounded memory, bounded disk, every retained line present",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "podvisor-soak-"));
      const stateDir = join(dir, "state");
      writeFileSync(join(dir, "pods.yaml"), manifest);
      writeFileSync(
        join(dir, "config.yaml"),
        `kind: PodvisorConfiguration\ncontainerLogMaxSize: 1Mi\ncontainerLogMaxFiles: ${maxFiles}\n`,
      );
      const child = spawn(
        process.execPath,
        [
          cliPath,
          "run",
          "-f",
          join(dir, "pods.yaml"),
          "--config",
          join(dir, "config.yaml"),
          "--state-dir",
          stateDir,
          "--max-backoff",
          "1s",
          "--timeout",
          `${soakSeconds}s`,
          "--no-events",
          "--no-pod-status",
        ],
        { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr
        .setEncoding("utf8")
        .on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-10_000)));
      let peakRssKb = 0;
      const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, rssKb(child.pid!))), 500);
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      clearInterval(sampler);

      expect(stderr).not.toContain("internal error");
      expect(code).toBe(124);
      expect(peakRssKb).toBeGreaterThan(0);
      expect(peakRssKb).toBeLessThan(400 * 1024);

      const run = join(stateDir, "runs", readdirSync(join(stateDir, "runs"))[0]!);
      // Chatty: at most maxFiles files of about maxSizeBytes, holding an unbroken run of lines.
      const chattyDir = join(run, "logs", "default_chatty", "app");
      const files = readdirSync(chattyDir).sort();
      expect(files.length).toBeGreaterThan(1);
      expect(files.length).toBeLessThanOrEqual(maxFiles);
      const bytes = files.reduce((sum, f) => sum + statSync(join(chattyDir, f)).size, 0);
      expect(bytes).toBeLessThanOrEqual(maxFiles * (maxSizeBytes + 64 * 1024));
      const ordered = [...files.filter((f) => f !== "0.log"), "0.log"];
      const numbers = ordered.flatMap((f) =>
        readFileSync(join(chattyDir, f), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => Number(/ F line (\d+)$/.exec(line)?.[1])),
      );
      expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
      expect(bytes).toBeGreaterThan((maxFiles - 1) * maxSizeBytes * 0.9);

      // Crash loop: only the current and the previous instance's logs, each with its attempt.
      const crashDir = join(run, "logs", "default_crashy", "app");
      const instances = readdirSync(crashDir)
        .map((f) => Number(f.replace(".log", "")))
        .sort((a, b) => a - b);
      expect(instances.length).toBeLessThanOrEqual(2);
      expect(instances.at(-1)).toBeGreaterThan(3);
      for (const n of instances)
        expect(readFileSync(join(crashDir, `${n}.log`), "utf8")).toContain("attempt at");

      // Probed: ran and logged, never restarted by its liveness probes.
      const probed = JSON.parse(readFileSync(join(run, "pods", "default_probed.json"), "utf8")) as {
        status: { containerStatuses: { restartCount: number }[] };
      };
      expect(probed.status.containerStatuses.map((s) => s.restartCount)).toEqual([0, 0, 0]);
    },
    (soakSeconds + 90) * 1000,
  );
});
