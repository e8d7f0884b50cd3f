import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedServingCertificate } from "./self-signed-certificate.js";

const nowMs = Date.UTC(2026, 11, 7, 9, 0, 0);

describe("the kubelet's self-signed serving certificate", () => {
  const { cert, key } = selfSignedServingCertificate("edge-1", ["10.0.0.5", "fd00::1"], nowMs);
  const x509 = new X509Certificate(cert);

  it("is a certificate Node.js parses, signed by its own key", () => {
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(createPublicKey(key).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it('is named "<host>@<unix seconds>" as client-go GenerateSelfSignedCertKey names it', () => {
    expect(x509.subject).toBe(`CN=edge-1@${nowMs / 1000}`);
    expect(x509.issuer).toBe(x509.subject);
  });

  it("serves the node's host name and every address it was given", () => {
    expect(x509.checkHost("edge-1")).toBe("edge-1");
    expect(x509.checkIP("10.0.0.5")).toBe("10.0.0.5");
    expect(x509.checkIP("fd00::1")).toBe("fd00::1");
    expect(x509.checkIP("10.0.0.6")).toBeUndefined();
  });

  it("is valid for a year from now (an hour back for clock skew), for server authentication", () => {
    expect(Date.parse(x509.validFrom)).toBe(nowMs - 3600_000);
    expect(Date.parse(x509.validTo)).toBe(nowMs + 365 * 24 * 3600_000);
    expect(x509.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(x509.ca).toBe(false);
  });
});

describe("its serial number, a DER INTEGER", () => {
  it.each([
    [
      "a leading zero octet before one below 0x80 (dropped)",
      "0012" + "ab".repeat(14),
      "12" + "AB".repeat(14),
    ],
    [
      "a high first octet (a zero octet put before it, so it stays positive)",
      "80" + "01".repeat(15),
      "80" + "01".repeat(15),
    ],
  ])("with %s is one Node.js parses", (_case, serialHex, expected) => {
    const { cert } = selfSignedServingCertificate("edge-1", [], nowMs, Buffer.from(serialHex, "hex"));
    expect(new X509Certificate(cert).serialNumber).toBe(expected);
  });
});
