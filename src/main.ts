#!/usr/bin/env node
/**
 * The composition root: the one place that picks the runtime backend, the clock and the
 * terminal. Everything below it takes these as parameters.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createProgram } from "./cli/index.js";
import { systemClock } from "./shared/index.js";
import {
  createProcessRuntime,
  describeIsolation,
  detectIsolation,
  processRuntimeCapabilities,
} from "./runtime/process/index.js";
import { openContainerRuntime } from "./runtime/container/index.js";

const suffixAlphabet = "bcdfghjklmnpqrstvwxz2456789"; // apimachinery utilrand: no vowels, no look-alikes

function randomSuffix(): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)];
  return suffix;
}

// A closed pipe (`podvisor run ... | head`) is not an error worth a stack trace: stop writing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

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
      : createProcessRuntime({ stateDir, clock: systemClock, hostIP }),
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

process.exitCode = await program.run(process.argv.slice(2));
