/**
 * The command lines of the control plane's components: upstream's local setups
 * (hack/local-up-cluster.sh, hack/lib/etcd.sh, kubeadm's static pod manifests) trimmed to one
 * machine without nodes, every listener on 127.0.0.1.
 */
import type { ControlPlanePki } from "./certificates.js";

/** The controllers the cluster tests rely on (names from cmd/kube-controller-manager/names). */
export const testControllers = [
  "job-controller",
  "deployment-controller",
  "replicaset-controller",
  "namespace-controller",
  "serviceaccount-controller",
  "serviceaccount-token-controller",
  "root-ca-certificate-publisher-controller",
  "node-lifecycle-controller",
  "garbage-collector-controller",
];

export const serviceClusterIpRange = "10.0.0.0/24";
const serviceAccountIssuer = "https://kubernetes.default.svc.cluster.local";

export function etcdFlags(dataDir: string, clientUrl: string, peerUrl: string): string[] {
  return [
    ...["--name=podvisor-test", `--data-dir=${dataDir}`],
    ...[`--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`],
    ...[`--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`],
    `--initial-cluster=podvisor-test=${peerUrl}`,
    // A throwaway store on a shared machine: durability buys nothing here, fsync costs seconds.
    "--unsafe-no-fsync",
    "--log-level=warn",
  ];
}

export interface ApiServerFlagInputs {
  pki: ControlPlanePki;
  etcdUrl: string;
  port: number;
  certDir: string;
  tokenFile: string;
}

export function apiServerFlags({ pki, etcdUrl, port, certDir, tokenFile }: ApiServerFlagInputs): string[] {
  return [
    ...[`--etcd-servers=${etcdUrl}`, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1"],
    ...[`--secure-port=${port}`, `--cert-dir=${certDir}`],
    ...[`--tls-cert-file=${pki.servingCertPath}`, `--tls-private-key-file=${pki.servingKeyPath}`],
    ...[`--client-ca-file=${pki.caCertPath}`, `--token-auth-file=${tokenFile}`],
    ...["--authorization-mode=Node,RBAC", `--service-cluster-ip-range=${serviceClusterIpRange}`],
    `--service-account-issuer=${serviceAccountIssuer}`,
    `--service-account-key-file=${pki.serviceAccountPublicKeyPath}`,
    `--service-account-signing-key-file=${pki.serviceAccountKeyPath}`,
    "--allow-privileged=true",
    // The aggregation layer's request-header authentication, with kubeadm's values.
    ...[
      `--requestheader-client-ca-file=${pki.frontProxyCaCertPath}`,
      "--requestheader-allowed-names=front-proxy-client",
    ],
    ...["--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group"],
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    `--proxy-client-cert-file=${pki.frontProxyClient.certPath}`,
    `--proxy-client-key-file=${pki.frontProxyClient.keyPath}`,
    // The `kubernetes` Service's endpoints would be 127.0.0.1, which Endpoints validation refuses
    // (loopback); with no pods running here nothing needs them, so the reconciler is off.
    "--endpoint-reconciler-type=none",
    // The node proxy (/api/v1/nodes/<node>/proxy/...) dials the node's InternalIP: the test nodes'
    // Hostname addresses (their node names) do not resolve.
    "--kubelet-preferred-address-types=InternalIP",
  ];
}

/**
 * What the controller manager and the scheduler share: a kubeconfig for the API and for delegated
 * authentication/authorization of their own /healthz, a secure port, no leader election (one
 * instance per run).
 */
export function kubeComponentFlags(kubeconfigPath: string, port: number, certDir: string): string[] {
  return [
    ...[`--kubeconfig=${kubeconfigPath}`, `--authentication-kubeconfig=${kubeconfigPath}`],
    ...[`--authorization-kubeconfig=${kubeconfigPath}`, "--bind-address=127.0.0.1", `--secure-port=${port}`],
    ...[`--cert-dir=${certDir}`, "--leader-elect=false"],
  ];
}

export function controllerManagerFlags(pki: ControlPlanePki): string[] {
  return [
    ...[`--controllers=${testControllers.join(",")}`, "--use-service-account-credentials=true"],
    ...[
      `--service-account-private-key-file=${pki.serviceAccountKeyPath}`,
      `--root-ca-file=${pki.caCertPath}`,
    ],
    ...[`--cluster-signing-cert-file=${pki.caCertPath}`, `--cluster-signing-key-file=${pki.caKeyPath}`],
    `--service-cluster-ip-range=${serviceClusterIpRange}`,
  ];
}
