import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  descendantsOf,
  processesWithToken,
  waitUntilGone,
  waitUntilNoProcessWithToken,
} from "../testing/processes-with-token.js";
import { detectIsolation } from "./detect-isolation.js";

// vite-node (vitest's own TypeScript runner) runs the owner fixture straight from source.
const viteNode = fileURLToPath(new URL("../../../node_modules/.bin/vite-node", import.meta.url));
const owner = fileURLToPath(new URL("../../../test/fixtures/bin/runtime-owner.ts", import.meta.url));

/** Starts runtime-owner.ts and resolves once its container (and grandchild) run. */
async function startOwner(stateDir: string, token: string, mode: "hang" | "exit", launcher: string) {
  const child = spawn(viteNode, [owner, stateDir, token, mode], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, PODVISOR_LAUNCHER: launcher },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready\n")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`runtime-owner exited (${code}) before its container ran: ${out}`)),
    );
  });
  return { child, exited };
}

const detected = detectIsolation();
// The native launcher where it is built (else the chain again), and the shell chain it falls back to.
const launchers =
  detected.kind === "none" ? [] : [detected.launcher.kind === "native" ? "" : "chain", "chain"];

describe.runIf(detected.kind !== "none").each([...new Set(launchers)])(
  "process runtime: no container outlives podvisor (PODVISOR_LAUNCHER=%s)",
  (launcher) => {
    it("SIGKILL of the owning process leaves no process of its containers behind, grandchildren included", async () => {
      const stateDir = await mkdtemp(join(tmpdir(), "podvisor-owner-"));
      const token = randomUUID();
      const { child, exited } = await startOwner(stateDir, token, "hang", launcher);
      // spawn-tree.sh: PID 1 (sleep) and a grandchild (sh, sleep) carry the token.
      const withToken = processesWithToken(token);
      // The launchers (and the native launcher's server) do not carry it: every descendant is watched.
      const descendants = descendantsOf(child.pid!);
      // Killed before any assertion, so that a failing one leaves no owner behind.
      child.kill("SIGKILL");
      await exited;
      expect(withToken.length).toBeGreaterThanOrEqual(2);
      const isServer = descendants.some((d) => d.cmdline.includes("podvisor-launch --serve"));
      expect(isServer).toBe(launcher === "");
      expect(await waitUntilNoProcessWithToken(token)).toEqual([]);
      expect(await waitUntilGone(descendants.map((d) => d.pid))).toEqual([]);
      await rm(stateDir, { recursive: true, force: true });
    });

    it("an owner that exits without close() leaves nothing either (the process 'exit' safety net)", async () => {
      const stateDir = await mkdtemp(join(tmpdir(), "podvisor-owner-"));
      const token = randomUUID();
      const { child, exited } = await startOwner(stateDir, token, "exit", launcher);
      const descendants = descendantsOf(child.pid!);
      await exited;
      expect(await waitUntilNoProcessWithToken(token)).toEqual([]);
      expect(await waitUntilGone(descendants.map((d) => d.pid))).toEqual([]);
      await rm(stateDir, { recursive: true, force: true });
    });
  },
);
