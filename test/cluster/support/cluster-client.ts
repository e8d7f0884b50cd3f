/**
 * What a test needs to talk to a running control plane: its connection (plain data, so vitest's
 * globalSetup can `provide` it to every test file), `kubectl` with the admin kubeconfig, and fresh
 * namespaces so tests sharing one control plane never see each other's objects.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { logTail } from "./component-process.js";
import type { ComponentName } from "./control-plane-binaries.js";

/** Everything about a running control plane that can cross a process boundary. */
export interface ControlPlaneConnection {
  /** https://127.0.0.1:<port> */
  server: string;
  /** Admin kubeconfig (client certificate in system:masters): for kubectl and podvisor. */
  kubeconfigPath: string;
  caCertPath: string;
  /** The admin's client certificate and key (system:masters). */
  clientCertPath: string;
  clientKeyPath: string;
  /** A bearer token (static token file) for user `token-admin` in system:masters. */
  adminToken: string;
  kubeVersion: string;
  /** The per-run directory: pki/, logs/<component>.log, kubeconfigs. Kept after the run. */
  runDir: string;
  components: { name: ComponentName; pid: number; logPath: string }[];
}

export interface KubectlResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  /** Written to kubectl's stdin (for `apply -f -`). */
  stdin?: string;
}

export interface ClusterClient {
  connection: ControlPlaneConnection;
  /** Runs /usr/bin/kubectl (or $KUBECTL) with the admin kubeconfig; rejects on a non-zero exit. */
  kubectl(args: string[], options?: KubectlOptions): Promise<string>;
  /** Runs kubectl and returns the outcome, for tests that expect a refusal. */
  kubectlResult(args: string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** `kubectl get -o json` parsed. */
  getJson<T = Record<string, unknown>>(args: string[]): Promise<T>;
  /**
   * Creates a namespace with a unique name (`<prefix>-<random>`) and its `default`
   * ServiceAccount (which admission requires for pods; without the controller manager nothing
   * else would create it). Returns the name.
   */
  createNamespace(prefix?: string): Promise<string>;
  /** The last lines of every component's log, headed by its name. */
  logTails(lines?: number): string;
}

export function connectToControlPlane(connection: ControlPlaneConnection): ClusterClient {
  const kubectlPath = process.env.KUBECTL ?? "/usr/bin/kubectl";

  function kubectlResult(args: string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(kubectlPath, ["--kubeconfig", connection.kubeconfigPath, ...args], {
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, KUBECONFIG: connection.kubeconfigPath },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.once("error", reject);
      child.once("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
      child.stdin.end(options.stdin ?? "");
    });
  }

  async function kubectl(args: string[], options: KubectlOptions = {}): Promise<string> {
    const result = await kubectlResult(args, options);
    if (result.exitCode !== 0) {
      throw new Error(`kubectl ${args.join(" ")} exited ${result.exitCode}: ${result.stderr.trim()}`);
    }
    return result.stdout;
  }

  return {
    connection,
    kubectl,
    kubectlResult,
    async getJson<T>(args: string[]) {
      return JSON.parse(await kubectl(["get", ...args, "-o", "json"])) as T;
    },
    async createNamespace(prefix = "test") {
      const name = `${prefix}-${randomBytes(4).toString("hex")}`;
      await kubectl(["create", "namespace", name]);
      // apply, not create: the serviceaccount controller may have created it first.
      const serviceAccount = {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace: name },
      };
      await kubectl(["apply", "-f", "-"], { stdin: JSON.stringify(serviceAccount) });
      return name;
    },
    logTails(lines = 30) {
      return connection.components
        .map(
          (component) =>
            `--- ${component.name} (${component.logPath}) ---\n${logTail(component.logPath, lines)}`,
        )
        .join("\n");
    },
  };
}
