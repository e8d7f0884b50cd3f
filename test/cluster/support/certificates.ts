/**
 * The control plane's PKI, made with `openssl` in a run directory: one CA that signs the API
 * server's serving certificate (IP:127.0.0.1, DNS:localhost) and every client certificate, a
 * second CA for the front proxy (kubeadm keeps the two apart), and the service-account signing
 * key pair. ECDSA P-256 keys: quick to generate, accepted everywhere.
 * Client identities follow kubeadm's (cmd/kubeadm/app/phases/certs): the admin is in
 * system:masters; the controller manager and the scheduler use their system: user names, which
 * the API server's bootstrap RBAC policy grants what they need; the API server calls kubelets as
 * kube-apiserver-kubelet-client.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ClientCertificate {
  certPath: string;
  keyPath: string;
}

export interface ControlPlanePki {
  caCertPath: string;
  caKeyPath: string;
  servingCertPath: string;
  servingKeyPath: string;
  /**
   * The front proxy (the aggregation layer's identity towards extension API servers, and the
   * request-header CA that the controller manager's and scheduler's delegated authentication read).
   */
  frontProxyCaCertPath: string;
  frontProxyClient: ClientCertificate;
  serviceAccountKeyPath: string;
  serviceAccountPublicKeyPath: string;
  admin: ClientCertificate;
  /** The API server's identity towards kubelets (--kubelet-client-certificate), in system:masters. */
  kubeletClient: ClientCertificate;
  controllerManager: ClientCertificate;
  scheduler: ClientCertificate;
}

const validityDays = "7";

function openssl(args: string[]): void {
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

function generateKey(path: string): void {
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path]);
}

function signedCertificate(
  dir: string,
  name: string,
  subject: string,
  extensions: string,
  ca: { certPath: string; keyPath: string },
): ClientCertificate {
  const keyPath = join(dir, `${name}.key`);
  const csrPath = join(dir, `${name}.csr`);
  const certPath = join(dir, `${name}.crt`);
  const extPath = join(dir, `${name}.ext`);
  generateKey(keyPath);
  openssl(["req", "-new", "-key", keyPath, "-subj", subject, "-out", csrPath]);
  writeFileSync(extPath, extensions);
  openssl([
    ...["x509", "-req", "-in", csrPath, "-CA", ca.certPath, "-CAkey", ca.keyPath],
    ...["-set_serial", `0x${randomBytes(8).toString("hex")}`, "-days", validityDays, "-out", certPath],
    ...["-extfile", extPath],
  ]);
  return { certPath, keyPath };
}

const clientExtensions =
  "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n";

function createCertificateAuthority(dir: string, name: string, commonName: string): ClientCertificate {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  generateKey(keyPath);
  openssl([
    ...["req", "-x509", "-new", "-key", keyPath, "-subj", `/CN=${commonName}`, "-days", validityDays],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ...["-out", certPath],
  ]);
  return { certPath, keyPath };
}

export function createControlPlanePki(dir: string): ControlPlanePki {
  mkdirSync(dir, { recursive: true });
  const ca = createCertificateAuthority(dir, "ca", "podvisor-test-ca");
  const serving = signedCertificate(
    dir,
    "apiserver",
    "/CN=kube-apiserver",
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" +
      "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default," +
      "DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.0.0.1\n",
    ca,
  );
  const frontProxyCa = createCertificateAuthority(dir, "front-proxy-ca", "front-proxy-ca");
  const serviceAccountKeyPath = join(dir, "sa.key");
  const serviceAccountPublicKeyPath = join(dir, "sa.pub");
  generateKey(serviceAccountKeyPath);
  openssl(["pkey", "-in", serviceAccountKeyPath, "-pubout", "-out", serviceAccountPublicKeyPath]);
  return {
    caCertPath: ca.certPath,
    caKeyPath: ca.keyPath,
    servingCertPath: serving.certPath,
    servingKeyPath: serving.keyPath,
    frontProxyCaCertPath: frontProxyCa.certPath,
    frontProxyClient: signedCertificate(
      dir,
      "front-proxy-client",
      "/CN=front-proxy-client",
      clientExtensions,
      frontProxyCa,
    ),
    serviceAccountKeyPath,
    serviceAccountPublicKeyPath,
    admin: signedCertificate(dir, "admin", "/O=system:masters/CN=kubernetes-admin", clientExtensions, ca),
    kubeletClient: signedCertificate(
      dir,
      "apiserver-kubelet-client",
      "/O=system:masters/CN=kube-apiserver-kubelet-client",
      clientExtensions,
      ca,
    ),
    controllerManager: signedCertificate(
      dir,
      "controller-manager",
      "/CN=system:kube-controller-manager",
      clientExtensions,
      ca,
    ),
    scheduler: signedCertificate(dir, "scheduler", "/CN=system:kube-scheduler", clientExtensions, ca),
  };
}
