/**
 * The machine's facts for the Node object (the kubelet's cAdvisor MachineInfo): CPUs, memory,
 * kernel, OS image, machine and boot ids, in Go's GOOS/GOARCH spelling.
 */
import { readFileSync } from "node:fs";
import { arch, availableParallelism, platform, release, totalmem } from "node:os";
import type { MachineFacts } from "./node-object.js";

/** Node's `process.arch` names → Go's GOARCH names, which the kubernetes.io/arch label uses. */
const goArch: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ia32: "386",
  ppc64: "ppc64le",
  s390x: "s390x",
};

export function readMachineFacts(): MachineFacts {
  return {
    cpuCount: availableParallelism(),
    memoryBytes: totalmem(),
    operatingSystem: platform() === "win32" ? "windows" : platform(),
    architecture: goArch[arch()] ?? arch(),
    kernelVersion: release(),
    osImage: readOsImage(),
    machineID: readFirstLine("/etc/machine-id"),
    bootID: readFirstLine("/proc/sys/kernel/random/boot_id"),
  };
}

/** PRETTY_NAME from /etc/os-release, as the kubelet reports it. */
function readOsImage(): string {
  const osRelease = readFirstLine("/etc/os-release", true);
  const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease);
  return match?.[1] ?? "Unknown";
}

function readFirstLine(path: string, whole = false): string {
  try {
    const text = readFileSync(path, "utf8");
    return whole ? text : (text.split("\n")[0] ?? "").trim();
  } catch {
    return "";
  }
}
