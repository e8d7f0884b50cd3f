/**
 * `podvisor node` as the cluster tests run it: the built CLI (dist/main.js) as a child process
 * under `setpriv --pdeathsig KILL` (it dies with the test process), with its own state directory.
 * `containerOutput` reads a container's output back from that directory (CRI log lines, each with
 * its timestamp), for tests that check the order things happened in.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnPodvisor } from "./support/podvisor-process.js";

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM (node shutdown); resolves with the exit code once it has exited (SIGKILL after 60 s). */
  stop(): Promise<number | null>;
}

export function startPodvisorNode(options: {
  kubeconfig: string;
  nodeName: string;
  stateDir: string;
  /** The CA of the API server's kubelet client certificate: `kubectl logs` reaches the node. */
  clientCaFile?: string;
  /** --sync-frequency: how soon ConfigMap/Secret volume updates reach the pods (default 1m). */
  syncFrequency?: string;
}): NodeProcess {
  const { child, output, stop } = spawnPodvisor([
    ...["node", "--kubeconfig", options.kubeconfig],
    ...["--node-name", options.nodeName, "--state-dir", options.stateDir],
    // Any free port for the kubelet API: several nodes share this machine.
    ...["--port", "0"],
    ...(options.clientCaFile !== undefined ? ["--client-ca-file", options.clientCaFile] : []),
    ...(options.syncFrequency !== undefined ? ["--sync-frequency", options.syncFrequency] : []),
  ]);
  return { child, output, stop: () => stop("SIGTERM", 60_000) };
}

export interface OutputLine {
  timeMs: number;
  container: string;
  text: string;
}

/** Every line the pod's containers wrote (first instance of each), in time order. */
export function podOutput(stateDir: string, namespace: string, pod: string): OutputLine[] {
  const lines: OutputLine[] = [];
  for (const run of readdirSync(stateDir)) {
    const podDir = join(stateDir, run, "logs", `${namespace}_${pod}`);
    if (!existsSync(podDir)) continue;
    for (const container of readdirSync(podDir)) {
      const file = join(podDir, container, "0.log");
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const match = /^(\S+) (?:stdout|stderr) [FP] (.*)$/.exec(line);
        if (match?.[1] && match[2] !== undefined)
          lines.push({ timeMs: Date.parse(match[1]), container, text: match[2] });
      }
    }
  }
  return lines.sort((a, b) => a.timeMs - b.timeMs);
}
