/**
 * The TCP addresses a process listens on, read from /proc (no `ss` needed): its socket inodes from
 * /proc/<pid>/fd, matched against the LISTEN rows of /proc/net/tcp and tcp6. Lets a test check
 * that the control plane is reachable on loopback only.
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

const listenState = "0A";

function decodeIpv4(hex: string): string {
  // /proc/net/tcp prints the address as one host-order (little-endian here) 32-bit word.
  const bytes = hex.match(/../g)!.map((pair) => parseInt(pair, 16));
  return bytes.reverse().join(".");
}

function decodeIpv6(hex: string): string {
  // Four host-order 32-bit words; an address of all zeros is the wildcard.
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(""));
  const groups = words
    .join("")
    .match(/.{4}/g)!
    .map((group) => group.replace(/^0{1,3}/, ""));
  return `[${groups.join(":")}]`;
}

export function listeningAddresses(pid: number): string[] {
  const socketInodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) socketInodes.add(match[1]!);
    } catch {
      // The descriptor closed while we read the directory.
    }
  }
  const addresses: string[] = [];
  for (const [table, decode] of [
    ["tcp", decodeIpv4],
    ["tcp6", decodeIpv6],
  ] as const) {
    for (const row of readFileSync(`/proc/${pid}/net/${table}`, "utf8").trim().split("\n").slice(1)) {
      const fields = row.trim().split(/\s+/);
      const [address, portHex] = fields[1]!.split(":");
      if (fields[3] === listenState && socketInodes.has(fields[9]!)) {
        addresses.push(`${decode(address!)}:${parseInt(portHex!, 16)}`);
      }
    }
  }
  return addresses;
}
