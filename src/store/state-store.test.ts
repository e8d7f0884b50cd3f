import { chmodSync, mkdirSync, mkdtempSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "./state-store.js";

const meta = (id: string) => ({ id, pid: 1, argv: [], startedAt: "2026-01-01T00:00:00Z" });
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("StateStore: who may read a run", () => {
  it("creates the state root, runs/ and the run directory private to the user (0700), as XDG asks of state homes", async () => {
    const root = join(mkdtempSync(join(tmpdir(), "podvisor-store-")), "state", "podvisor");
    const store = new StateStore(root, meta("r1"));
    await store.close(0, "");
    expect(modeOf(root)).toBe(0o700);
    expect(modeOf(join(root, "runs"))).toBe(0o700);
    expect(modeOf(store.runDir)).toBe(0o700);
  });

  it("keeps runs private even in a root that others may read (--state-dir /tmp/x made by hand)", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    chmodSync(root, 0o755);
    mkdirSync(join(root, "runs"), { mode: 0o755 });
    chmodSync(join(root, "runs"), 0o755);
    const store = new StateStore(root, meta("r2"));
    await store.close(0, "");
    expect(modeOf(root)).toBe(0o755);
    expect(modeOf(store.runDir)).toBe(0o700);
  });

  it("points `latest` at the newest run, replacing the old link atomically", async () => {
    const root = mkdtempSync(join(tmpdir(), "podvisor-store-"));
    await new StateStore(root, meta("first")).close(0, "");
    await new StateStore(root, meta("second")).close(0, "");
    expect(readlinkSync(join(root, "latest"))).toBe(join("runs", "second"));
  });
});
