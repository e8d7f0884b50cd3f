/** Starts bench/fixtures/listener.ts (through vite-node) as a child process and follows its report lines. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { repoRoot } from "./dist.js";
import { followLines } from "./podvisor.js";

export interface Listener {
  ports: { http: number; tcp: number; grpc: number };
  /** `/t/<id>` request id → the time (ms, real-time clock) its response went out. */
  hits: Map<string, number>;
  pid: number | undefined;
  counts: () => Promise<{ http: number; tcp: number; grpc: number }>;
  close: () => Promise<void>;
}

export function startListener(): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      `${repoRoot}node_modules/.bin/vite-node`,
      [fileURLToPath(new URL("../fixtures/listener.ts", import.meta.url))],
      { stdio: ["pipe", "pipe", "inherit"], cwd: repoRoot },
    );
    const hits = new Map<string, number>();
    let ports: Listener["ports"] | undefined;
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!ports) reject(new Error(`the listener exited (${code}) before listening`));
    });
    followLines(child.stdout, (line) => {
      if (!ports) {
        if (!line.startsWith('{"http"')) return;
        const reported = JSON.parse(line) as Listener["ports"];
        ports = reported;
        resolve({
          ports: reported,
          hits,
          pid: child.pid,
          counts: async () =>
            (await (await fetch(`http://127.0.0.1:${reported.http}/__count`)).json()) as {
              http: number;
              tcp: number;
              grpc: number;
            },
          close: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      } else if (line.startsWith("HIT ")) {
        const [, id, at] = line.split(" ");
        if (id !== undefined && at !== undefined) hits.set(id, Number(at));
      }
    });
  });
}
