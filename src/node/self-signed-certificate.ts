/**
 * The kubelet's serving certificate when none is given: without --tls-cert-file the kubelet makes
 * a self-signed one for its host name and addresses at start-up (cmd/kubelet/app/server.go
 * `InitializeTLS` → client-go util/cert `GenerateSelfSignedCertKey`). The API server does not
 * verify it unless it is given --kubelet-certificate-authority (pkg/kubelet/client
 * `transportConfig`: no CA, Insecure). Node.js can sign but not build an X.509 certificate, so the
 * few DER structures of one ECDSA P-256 certificate are written here (RFC 5280 §4.1).
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIPv4 } from "node:net";

export interface ServingCertificate {
  /** PEM. */
  cert: string;
  key: string;
}

const validityMs = 365 * 24 * 3600 * 1000;

const oid = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

/**
 * A self-signed serving certificate for `hostName` and `addresses`, valid for a year from `nowMs`.
 * `serial`: 16 random bytes unless given (tests), read as a non-negative number.
 */
export function selfSignedServingCertificate(
  hostName: string,
  addresses: readonly string[],
  nowMs: number,
  serial: Buffer = randomBytes(16),
): ServingCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  // client-go names it "<host>@<unix seconds>", so a renewed one is told apart.
  const name = seq(set(seq(objectId(oid.commonName), utf8(`${hostName}@${Math.floor(nowMs / 1000)}`))));
  const signatureAlgorithm = seq(objectId(oid.ecdsaWithSha256));
  const altNames = seq(
    tlv(0x82, Buffer.from(hostName, "ascii")),
    ...addresses.map((address) => tlv(0x87, ipBytes(address))),
  );
  const extensions = seq(
    extension(oid.keyUsage, true, tlv(0x03, Buffer.from([0x07, 0x80]))), // digitalSignature
    extension(oid.extKeyUsage, false, seq(objectId(oid.serverAuth))),
    extension(oid.basicConstraints, true, seq()),
    extension(oid.subjectAltName, false, altNames),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    signatureAlgorithm,
    name,
    seq(utcTime(nowMs - 3600_000), utcTime(nowMs + validityMs)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    tlv(0xa3, extensions),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(tbs, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function extension(id: string, isCritical: boolean, value: Buffer): Buffer {
  return seq(objectId(id), ...(isCritical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(parts));
}

/**
 * A non-negative DER INTEGER from its big-endian magnitude: minimal (no leading zero octet unless
 * the next has its high bit set, which then needs one). A redundant zero is "illegal padding" to
 * OpenSSL: a random serial starting 0x00 0x00–0x7f made 1 certificate in 256 unreadable.
 */
function integer(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const octets = magnitude.subarray(start);
  return tlv(0x02, ((octets[0] ?? 0) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), octets]) : octets);
}

function utf8(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, "utf8"));
}

function utcTime(ms: number): Buffer {
  // YYMMDDHHMMSSZ (RFC 5280 §4.1.2.5.1: UTCTime through 2049).
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, "ascii"));
}

function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const encoded = [arc & 0x7f];
    for (let n = arc >>> 7; n > 0; n >>>= 7) encoded.unshift(0x80 | (n & 0x7f));
    bytes.push(...encoded);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** An IPv4 or IPv6 address as the 4 or 16 bytes of an iPAddress GeneralName. */
function ipBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split(".").map(Number));
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}
