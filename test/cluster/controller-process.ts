/**
 * `podvisor controller` as the cluster tests run it: the built CLI (dist/main.js) as a child
 * process under `setpriv --pdeathsig KILL` (it dies with the test process), its metrics on a free
 * port of 127.0.0.1 read back from its first lines, and only the SidecarSets labelled for the test
 * run reconciled (`--sidecarset-selector`), so other test files' SidecarSets are left alone.
 */
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { spawnPodvisor } from "./support/podvisor-process.js";
import { pollUntil } from "./support/poll-until.js";

export interface ControllerProcess {
  child: ChildProcess;
  output(): string;
  /** The value of a metric line (`name{labels}`), 0 when absent. */
  metric(line: string): Promise<number>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ControllerProcessOptions {
  kubeconfig: string;
  leaseNamespace: string;
  leaseName: string;
  sidecarSetSelector: string;
}

export async function startController(options: ControllerProcessOptions): Promise<ControllerProcess> {
  const { child, output, stop } = spawnPodvisor([
    ...["controller", "--kubeconfig", options.kubeconfig, "--lease-namespace", options.leaseNamespace],
    ...["--lease-name", options.leaseName, "--metrics-addr", "127.0.0.1:0"],
    ...["--sidecarset-selector", options.sidecarSetSelector, "--verbose"],
  ]);
  const port = await pollUntil(
    "the controller's metrics address",
    () => /metrics on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output())?.[1],
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const get = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: Number(port), path, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
  return {
    child,
    output,
    async metric(line) {
      const found = (await get("/metrics")).split("\n").find((l) => l.startsWith(`${line} `));
      return found ? Number(found.split(" ")[1]) : 0;
    },
    async kill(signal) {
      await stop(signal, 10_000);
    },
  };
}
