/**
 * Starts a real Kubernetes control plane on 127.0.0.1 for the cluster tests: etcd, kube-apiserver
 * and, on request, kube-controller-manager and kube-scheduler, built by
 * scripts/control-plane/build.sh. Each run gets its own directory (certificates, kubeconfigs,
 * logs/<component>.log, etcd's data) and free ports; `stop()` ends every component and waits for
 * it to exit.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createControlPlanePki, type ClientCertificate, type ControlPlanePki } from "./certificates.js";
import { connectToControlPlane, type ClusterClient, type ControlPlaneConnection } from "./cluster-client.js";
import { startComponent, type ComponentProcess } from "./component-process.js";
import { apiServerFlags, controllerManagerFlags, etcdFlags, kubeComponentFlags } from "./component-flags.js";
import { locateControlPlaneBinaries, type ComponentName } from "./control-plane-binaries.js";
import { findFreePort } from "./free-port.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { waitUntilHealthy } from "./wait-until-healthy.js";

export interface ControlPlaneOptions {
  /** Start kube-controller-manager (Job, Deployment, ReplicaSet, namespace, ... controllers). */
  controllerManager?: boolean;
  /** Start kube-scheduler (with no nodes, pods stay Pending with a FailedScheduling event). */
  scheduler?: boolean;
  /** Parent of the per-run directory; defaults to $PODVISOR_CLUSTER_RUN_ROOT or the OS temp dir. */
  runRoot?: string;
  /** How long each component may take to become healthy (a loaded 2-core machine is slow). */
  startTimeoutMs?: number;
  /** More kube-controller-manager flags (short node-monitor periods, say). */
  extraControllerManagerFlags?: string[];
}

export interface ControlPlane extends ClusterClient {
  server: string;
  kubeconfigPath: string;
  adminToken: string;
  pki: ControlPlanePki;
  /** The running components, in start order. */
  processes: ComponentProcess[];
  /** Stops every component (reverse start order: SIGTERM, then SIGKILL) and removes etcd's data. */
  stop(): Promise<void>;
  /** Stops kube-apiserver alone (an outage); the other components keep running. */
  stopApiServer(): Promise<void>;
  /** Starts kube-apiserver again on the same port and etcd; resolves once it is ready. */
  startApiServer(): Promise<void>;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const binaries = locateControlPlaneBinaries([
    "etcd",
    "kube-apiserver",
    ...(options.controllerManager === true ? ["kube-controller-manager" as const] : []),
    ...(options.scheduler === true ? ["kube-scheduler" as const] : []),
  ]);
  const runRoot = options.runRoot ?? process.env.PODVISOR_CLUSTER_RUN_ROOT ?? tmpdir();
  mkdirSync(runRoot, { recursive: true });
  const runDir = mkdtempSync(join(runRoot, "podvisor-control-plane-"));
  const logDir = join(runDir, "logs");
  mkdirSync(logDir);
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const processes: ComponentProcess[] = [];
  const etcdDataDir = join(runDir, "etcd-data");
  const start = (name: ComponentName, args: string[]): ComponentProcess => {
    const component = startComponent(name, binaries.path(name), args, join(logDir, `${name}.log`));
    processes.push(component);
    return component;
  };
  const stop = async (): Promise<void> => {
    for (const component of [...processes].reverse()) await component.stop();
    rmSync(etcdDataDir, { recursive: true, force: true });
  };

  try {
    const pki = createControlPlanePki(join(runDir, "pki"));
    const etcdUrl = `http://127.0.0.1:${await findFreePort()}`;
    const etcdPeerUrl = `http://127.0.0.1:${await findFreePort()}`;
    const etcd = start("etcd", etcdFlags(etcdDataDir, etcdUrl, etcdPeerUrl));
    await waitUntilHealthy(etcd, { url: `${etcdUrl}/health` }, timeoutMs);

    const adminToken = randomBytes(16).toString("hex");
    const tokenFile = join(runDir, "tokens.csv");
    writeFileSync(tokenFile, `${adminToken},token-admin,token-admin,"system:masters"\n`, {
      mode: 0o600,
    });
    const port = await findFreePort();
    const server = `https://127.0.0.1:${port}`;
    const certDir = join(runDir, "apiserver-certs");
    const adminTls = {
      ca: readFileSync(pki.caCertPath),
      cert: readFileSync(pki.admin.certPath),
      key: readFileSync(pki.admin.keyPath),
    };
    // A restarted API server joins `processes` anew; the stopped one stays there, already exited.
    let apiserver: ComponentProcess | undefined;
    const startApiServer = async () => {
      apiserver = start("kube-apiserver", apiServerFlags({ pki, etcdUrl, port, certDir, tokenFile }));
      await waitUntilHealthy(apiserver, { url: `${server}/readyz`, tls: adminTls }, timeoutMs);
    };
    const stopApiServer = async () => {
      await apiserver?.stop();
    };
    await startApiServer();
    const kubeconfigPath = join(runDir, "admin.kubeconfig");
    writeKubeconfig(kubeconfigPath, server, pki.caCertPath, { name: "admin", ...pki.admin });

    const startKubeComponent = async (name: ComponentName, identity: ClientCertificate, extra: string[]) => {
      const kubeconfig = join(runDir, `${name}.kubeconfig`);
      writeKubeconfig(kubeconfig, server, pki.caCertPath, { name, ...identity });
      const componentPort = await findFreePort();
      const flags = kubeComponentFlags(kubeconfig, componentPort, join(runDir, `${name}-certs`));
      const component = start(name, [...flags, ...extra]);
      // It serves with its own self-signed certificate: verifying that would prove nothing here.
      const probe = { url: `https://127.0.0.1:${componentPort}/healthz`, tls: { rejectUnauthorized: false } };
      await waitUntilHealthy(component, probe, timeoutMs);
    };
    if (options.controllerManager === true) {
      await startKubeComponent("kube-controller-manager", pki.controllerManager, [
        ...controllerManagerFlags(pki),
        ...(options.extraControllerManagerFlags ?? []),
      ]);
    }
    if (options.scheduler === true) await startKubeComponent("kube-scheduler", pki.scheduler, []);

    const connection: ControlPlaneConnection = {
      server,
      kubeconfigPath,
      caCertPath: pki.caCertPath,
      clientCertPath: pki.admin.certPath,
      clientKeyPath: pki.admin.keyPath,
      adminToken,
      kubeVersion: binaries.kubeVersion,
      runDir,
      components: processes.map(({ name, pid, logPath }) => ({ name, pid, logPath })),
    };
    return {
      ...connectToControlPlane(connection),
      ...{ server, kubeconfigPath, adminToken, pki, processes, stop, stopApiServer, startApiServer },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
