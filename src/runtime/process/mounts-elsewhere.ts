import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Whether a host path is a mount point in some mount namespace on this machine. Removing such a
 * directory on the host (rmdir) makes Linux detach the mounts on it in every other namespace
 * (since 3.18), so a mount point one podvisor made must not be removed while another process's
 * container — a second `run` or `node` on the same host with the same mountPath — still has its
 * bind mount there. One mountinfo is read per mount namespace, on sandbox removal only.
 */
export function isMountedInAnyNamespace(path: string, procDir = "/proc"): boolean {
  const seen = new Set<string>();
  for (const entry of safeReaddir(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    let namespace: string;
    let mountinfo: string;
    try {
      namespace = readlinkSync(`${procDir}/${entry}/ns/mnt`);
      if (seen.has(namespace)) continue;
      mountinfo = readFileSync(`${procDir}/${entry}/mountinfo`, "utf8");
    } catch {
      continue; // the process is gone, or not ours to read
    }
    seen.add(namespace);
    if (mountPointsOf(mountinfo).has(path)) return true;
  }
  return false;
}

/** The mount points (field 5) of a mountinfo text, with its octal escapes (`\040` for a space) decoded. */
export function mountPointsOf(mountinfo: string): Set<string> {
  const points = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    const field = line.split(" ")[4];
    if (field !== undefined)
      points.add(
        field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
      );
  }
  return points;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
