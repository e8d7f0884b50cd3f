/**
 * A self-signed serving certificate for 127.0.0.1 (openssl, ECDSA P-256), for tests of the
 * HTTPS server and the TLS reload.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** openssl req arguments for a new ECDSA P-256 key, unencrypted, written to `keyFile`. */
export function newEcKeyArgs(keyFile: string): string[] {
  return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyFile];
}

export function writeSelfSignedCert(
  dir: string,
  name: string,
): { certFile: string; keyFile: string; cert: Buffer } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      ...newEcKeyArgs(keyFile),
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile, cert: readFileSync(certFile) };
}
