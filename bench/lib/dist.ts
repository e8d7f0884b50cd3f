/**
 * The built podvisor (`dist/`), loaded at run time so that the benchmarks measure exactly what
 * `podvisor run` runs; the types come from `src/` (so `npm run typecheck` needs no build).
 * They are imported by `file:` URL, which vite-node leaves to Node: they run untransformed.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as ApiModule from "../../src/admission/index.js";
import type * as RunSessionModule from "../../src/run/run-session.js";
import type * as ProcessModule from "../../src/runtime/process/index.js";
import type * as LaunchModule from "../../src/runtime/process/launch-command.js";
import type * as LaunchServerModule from "../../src/runtime/process/launch-server.js";
import type * as ClockModule from "../../src/shared/system-clock.js";
import type * as ProbesModule from "../../src/probes/index.js";

export type { Pod } from "../../src/api/types.js";
export type { ContainerRuntime } from "../../src/runtime/port.js";
export type { RunSession } from "../../src/run/run-session.js";
export type { Isolation } from "../../src/runtime/process/index.js";
export type RunProbe = typeof ProbesModule.runProbe;

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const distDir = fileURLToPath(new URL("../../dist/", import.meta.url));
export const cliPath = `${distDir}main.js`;

export interface Dist {
  api: typeof ApiModule;
  session: typeof RunSessionModule;
  process: typeof ProcessModule;
  launch: typeof LaunchModule;
  launchServer: typeof LaunchServerModule;
  clock: typeof ClockModule;
}

async function load<T>(relative: string): Promise<T> {
  const path = `${distDir}${relative}`;
  if (!existsSync(path)) throw new Error(`${path} does not exist: run \`npm run build\` first`);
  return (await import(pathToFileURL(path).href)) as T;
}

export async function loadDist(): Promise<Dist> {
  return {
    api: await load<typeof ApiModule>("admission/index.js"),
    session: await load<typeof RunSessionModule>("run/run-session.js"),
    process: await load<typeof ProcessModule>("runtime/process/index.js"),
    launch: await load<typeof LaunchModule>("runtime/process/launch-command.js"),
    launchServer: await load<typeof LaunchServerModule>("runtime/process/launch-server.js"),
    clock: await load<typeof ClockModule>("shared/system-clock.js"),
  };
}

export function distHas(relative: string): boolean {
  return existsSync(`${distDir}${relative}`);
}

export async function loadRunProbe(): Promise<RunProbe> {
  return (await load<typeof ProbesModule>("probes/index.js")).runProbe;
}
