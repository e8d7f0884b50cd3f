/**
 * The UI serves a user's container logs and pod specs, so only this machine may read them: it
 * listens on a loopback address only, and answers only requests whose Host header names that
 * address (or `localhost`) and the bound port. A page on another site that points its own name at
 * 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
 */
import { BlockList, isIP } from "node:net";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** A loopback address to listen on: 127.0.0.0/8, ::1, or `localhost` (as 127.0.0.1). */
export function loopbackListenAddress(address: string): string | undefined {
  if (address === "localhost") return "127.0.0.1";
  const version = isIP(address);
  if (version === 0) return undefined;
  return loopback.check(address, version === 6 ? "ipv6" : "ipv4") ? address : undefined;
}

/** Whether `host` (a Host header) names the bound loopback address, or localhost, on `port`. */
export function isAllowedHost(host: string | undefined, address: string, port: number): boolean {
  if (host === undefined) return false;
  const bracketed = isIP(address) === 6 ? `[${address}]` : address;
  return [bracketed, "localhost"].some((name) => host.toLowerCase() === `${name}:${port}`);
}
