/**
 * `podvisor controller` as the cluster tests run it: the built CLI (dist/main.js) as a child
 * process under `setpriv --pdeathsig KILL` (it dies with the test process), its metrics on a free
 * port of 127.0.0.1 read back from its first lines, and only the SidecarSets labelled for the test
 * run reconciled (`--sidecarset-selector`), so other test files' SidecarSets are left alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { cliPath } from "./webhook-process.js";
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
  if (!existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run npm run build before the cluster tests`);
  const child = spawn(
    "setpriv",
    [
      ...["--pdeathsig", "KILL", "--", process.execPath, cliPath, "controller"],
      ...["--kubeconfig", options.kubeconfig, "--lease-namespace", options.leaseNamespace],
      ...["--lease-name", options.leaseName, "--metrics-addr", "127.0.0.1:0"],
      ...["--sidecarset-selector", options.sidecarSetSelector, "--verbose"],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (output += c));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const port = await pollUntil(
    "the controller's metrics address",
    () => /metrics on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1],
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
    output: () => output,
    async metric(line) {
      const found = (await get("/metrics")).split("\n").find((l) => l.startsWith(`${line} `));
      return found ? Number(found.split(" ")[1]) : 0;
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
