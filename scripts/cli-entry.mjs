#!/usr/bin/env node
// podvisor: the bundled CLI (scripts/bundle-cli.mjs)
//
// scripts/bundle-cli.mjs copies this file to dist/main.js. It runs the CLI, bundled into one
// CommonJS script (dist/cli-bundle/main.cjs), with V8's code cache (issue 17): compiling ~1 MB of
// JavaScript, and then each function the command calls, was a third of podvisor run's own start-up
// CPU. The cache is made by the first run of each command, at its exit, with
// vm.Script#createCachedData (so it holds every function that run compiled), and kept beside the
// bundle. It is keyed by the bundle's hash, so a rebuilt bundle never runs another build's code, and
// V8 itself refuses a cache made by another Node or with other V8 flags (the run then compiles as
// without one and writes a new cache). Where dist/ is not writable, there is simply no cache.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import process from "node:process";
import { setTimeout } from "node:timers";
import { URL, fileURLToPath } from "node:url";
import vm from "node:vm";

// A full collection lets the old generation grow to twice what survived it, not V8's dynamic
// factor of up to four: a thousand pods' probes promote ~10 MB/s of short-lived garbage, and with
// V8's factor the heap swung between 55 MB live and ~230 MB (RSS up to 317-331 MiB against issue
// 17's 250); with 2 it stays near 200 MiB for the same steady-state CPU (bench/README.md, issue
// 17). V8 reads it at each full collection, so it is set a second into the run: only a run that
// lasts needs it, and loading node:v8 cost 1.5-3 ms before the first container. V8 refuses a code
// cache made under other flags, so a run that writes the cache puts the flag back to its default
// (0, dynamic) first: the cache then matches the flags the next run compiles under.
const HEAP_FLAG_DELAY_MS = 1000;
// node:v8 through require: a static import would load it at the start.
// eslint-disable-next-line @typescript-eslint/no-unsafe-return -- require() is untyped; the cast says what it is
const loadV8 = () => /** @type {typeof import("node:v8")} */ (createRequire(import.meta.url)("node:v8"));
let isHeapFlagSet = false;
setTimeout(() => {
  loadV8().setFlagsFromString("--heap-growing-percent=100");
  isHeapFlagSet = true;
}, HEAP_FLAG_DELAY_MS).unref();

const BUNDLE_HASH = "__PODVISOR_BUNDLE_HASH__";
// One cache per command: each holds the functions its command ran. The same names as
// src/cli/program.ts's COMMANDS (src/cli/program.test.ts checks it).
const COMMANDS = new Set([
  "run",
  "timeline",
  "ui",
  "get",
  "describe",
  "logs",
  "inject",
  "cleanup",
  "webhook",
  "node",
  "controller",
  "doctor",
  "install",
]);
const bundle = fileURLToPath(new URL("./cli-bundle/main.cjs", import.meta.url));
const command = COMMANDS.has(process.argv[2] ?? "") ? process.argv[2] : "other";
// A run on the container backend calls other functions than one on the process backend, and a
// cache holds what the run that made it compiled: each keeps its own (a process run from the
// container run's cache compiled its own path on every start, ~7 ms; issue 17).
const runtimeAt = process.argv.findIndex((arg) => arg === "--runtime" || arg.startsWith("--runtime="));
const runtime =
  runtimeAt === -1
    ? "process"
    : process.argv[runtimeAt].startsWith("--runtime=")
      ? process.argv[runtimeAt].slice("--runtime=".length)
      : process.argv[runtimeAt + 1];
const variant = command === "run" && runtime === "container" ? ".container" : "";
const cacheFile = `${bundle}.${BUNDLE_HASH}.${command}${variant}.cache`;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache yet: this run makes it
}
// The bundle's dynamic imports of its external packages (the Kubernetes client, grpc-js) are ESM
// imports from here, where node_modules resolves as it does for dist/. (The wrapper is Node's
// CommonJS one with that one parameter more.)
// latin1: the bundle is ASCII (scripts/bundle-cli.mjs checks it), so this is the same text, read
// without UTF-8 decoding into the one-byte string V8 compiles fastest (~1 ms less than "utf8").
const wrapper = `(function (exports, require, module, __filename, __dirname, __podvisorImport) {${readFileSync(bundle, "latin1")}\n})`;
const script = new vm.Script(wrapper, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
// Help and refused input run little of the command: they leave the cache to a real run.
const asksForHelp = process.argv.some((arg) => ["--help", "-h", "--version", "-V"].includes(arg));
const isCacheUsed = cachedData !== undefined && script.cachedDataRejected !== true;
cachedData = undefined; // V8 has read it: ~1 MB less for a run that lasts
if (!isCacheUsed && !asksForHelp) {
  process.once("exit", (code) => {
    if (code === 2) return;
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      if (isHeapFlagSet) loadV8().setFlagsFromString("--heap-growing-percent=0");
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  });
}
const module = { exports: {} };
/* eslint-disable @typescript-eslint/no-unsafe-call -- the script evaluates to the wrapper function above */
script.runInThisContext()(
  module.exports,
  createRequire(bundle),
  module,
  bundle,
  dirname(bundle),
  (specifier) => import(specifier),
);
/* eslint-enable @typescript-eslint/no-unsafe-call */
