#!/usr/bin/env node
/**
 * The composition root: the one place that picks the runtime backend, the clock and the
 * terminal. Everything below it takes these as parameters.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { hostname } from "node:os";
import { createProgram } from "./cli/index.js";
import { systemClock } from "./shared/index.js";
import {
  createProcessRuntime,
  describeIsolation,
  detectIsolation,
  detectIsolationAsync,
  processRuntimeCapabilities,
  type Isolation,
} from "./runtime/process/index.js";
import { openContainerRuntime } from "./runtime/container/index.js";

const suffixAlphabet = "bcdfghjklmnpqrstvwxz2456789"; // apimachinery utilrand: no vowels, no look-alikes

function randomSuffix(): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)];
  return suffix;
}

/**
 * crypto.randomUUID's format (RFC 9562 version 4) from the kernel's random source, without
 * node:crypto: loading that module cost `podvisor run` 10–20 ms before its first container
 * (issue 17). Bytes are read 1 KiB at a time, as Node batches its own.
 */
const uuidBytes = Buffer.alloc(1024);
let uuidOffset = uuidBytes.length;
function randomUUID(): string {
  if (uuidOffset === uuidBytes.length) {
    fillRandom(uuidBytes);
    uuidOffset = 0;
  }
  const bytes = uuidBytes.subarray(uuidOffset, (uuidOffset += 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fillRandom(buffer: Buffer): void {
  try {
    const fd = openSync("/dev/urandom", "r");
    try {
      for (let filled = 0; filled < buffer.length;)
        filled += readSync(fd, buffer, filled, buffer.length - filled, null);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No /dev/urandom (not a Unix): Web Crypto, which loads node:crypto.
    globalThis.crypto.getRandomValues(buffer);
  }
}

// A closed pipe (`podvisor run ... | head`) is not an error worth a stack trace: stop writing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

// The process backend's isolation probe (a spawn of the native launcher's self-check) runs while a
// command that starts containers loads and reads its input, not before its first container (issue 17).
let isolation: Promise<Isolation> | undefined;
const probeIsolation = () => (isolation ??= detectIsolationAsync());

// `podvisor run`'s pods share the host's network, and the node's address is the loopback one.
const hostIP = "127.0.0.1";

const program = createProgram({
  clock: systemClock,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  nodeName: hostname(),
  newUid: randomUUID,
  randomSuffix,
  createRuntime: (stateDir, selection) =>
    selection?.kind === "container"
      ? openContainerRuntime({
          stateDir,
          clock: systemClock,
          runId: selection.runId,
          env: process.env,
          uid: process.getuid?.() ?? 0,
          ...(selection.engineSocket !== undefined ? { engineSocket: selection.engineSocket } : {}),
          onNotice: selection.onNotice,
        })
      : createProcessRuntime({ stateDir, clock: systemClock, hostIP, isolation: probeIsolation() }),
  prepareProcessRuntime: () => void probeIsolation(),
  // Admission checks volume types against the process backend's; the container backend provides the same kinds.
  runtimeCapabilities: processRuntimeCapabilities,
  describeProcessBackend: () => describeIsolation(detectIsolation()),
  onSignal: (handler) => {
    const onInt = () => handler("SIGINT");
    const onTerm = () => handler("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    return () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    };
  },
  argv: process.argv.slice(2),
  pid: process.pid,
  exit: (code) => process.exit(code),
  hostIP,
});

// No top-level await: the bundled CLI is a CommonJS script run from V8's code cache (scripts/cli-entry.mjs).
void program.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
