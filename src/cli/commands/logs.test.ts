import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { StateStore } from "../../store/index.js";
import { FakeClock } from "../../shared/testing/fake-clock.js";
import { createProgram, type ProgramContext } from "../program.js";

const t0 = Date.UTC(2026, 0, 1);

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "chatty", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { containers: [{ name: "app", image: "x" }] },
  status: {
    phase: "Succeeded",
    containerStatuses: [
      {
        name: "app",
        image: "x",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed" } },
      },
    ],
  },
};

/** A finished run whose container printed `lines` lines, one a second from t0. */
async function runWithLog(
  lines: { text?: string; raw?: Buffer }[],
): Promise<{ root: string; runDir: string }> {
  const root = mkdtempSync(join(tmpdir(), "podvisor-logs-"));
  const store = new StateStore(root, { id: "run-1", pid: 1, argv: [], startedAt: "" });
  store.recordPod(pod);
  lines.forEach((line, i) =>
    store.recordLog(pod, "app", 0, {
      stream: "stdout",
      timeMs: t0 + i * 1000,
      text: line.text ?? "",
      ...(line.raw ? { raw: line.raw } : {}),
      partial: false,
    }),
  );
  await store.close(0, "2026-01-01T01:00:00Z");
  return { root, runDir: store.runDir };
}

async function logs(root: string, args: string[], nowMs = t0 + 3_600_000) {
  const out: Buffer[] = [];
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end();
  const ctx = {
    clock: new FakeClock(nowMs),
    stdin,
    stdout: new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.push(Buffer.from(chunk));
        done();
      },
    }),
    stderr: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString();
        done();
      },
    }),
    isTTY: false,
    env: { XDG_STATE_HOME: "/nonexistent", XDG_CONFIG_HOME: "/nonexistent" },
    argv: [],
  } as unknown as ProgramContext;
  const code = await createProgram(ctx).run(["logs", "chatty", ...args, "--state-dir", root]);
  return { code, stdout: Buffer.concat(out), stderr };
}

describe("podvisor logs reads logs as kubectl logs does", () => {
  it("prints the bytes the container wrote, invalid UTF-8 included", async () => {
    const { root } = await runWithLog([
      { text: "a\ufffdb", raw: Buffer.from([0x61, 0xff, 0x62]) },
      { text: "ok" },
    ]);
    const result = await logs(root, []);
    expect(result.stdout).toEqual(Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x6f, 0x6b, 0x0a]));
  });

  it("--tail N prints the last N lines of a long log", async () => {
    const { root } = await runWithLog(Array.from({ length: 20_000 }, (_, i) => ({ text: `line ${i}` })));
    const result = await logs(root, ["--tail", "2"]);
    expect(result.stdout.toString()).toBe("line 19998\nline 19999\n");
    expect((await logs(root, ["--tail=0"])).stdout.toString()).toBe("");
  });

  it("--since prints the lines newer than the duration, from the end", async () => {
    const { root } = await runWithLog(Array.from({ length: 100 }, (_, i) => ({ text: `line ${i}` })));
    // now = t0 + 100 s: the last 3 lines are at t0+97 s, +98 s, +99 s.
    const result = await logs(root, ["--since", "3s"], t0 + 100_000);
    expect(result.stdout.toString()).toBe("line 97\nline 98\nline 99\n");
  });

  it("a log that cannot be read is an error naming it, never an empty success", async () => {
    const { root, runDir } = await runWithLog([{ text: "x" }]);
    const path = join(runDir, "logs", "default_chatty", "app", "0.log");
    rmSync(path);
    mkdirSync(path);
    const result = await logs(root, []);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read ${path}`);
    expect(result.stderr).toContain("EISDIR");
  });
});
