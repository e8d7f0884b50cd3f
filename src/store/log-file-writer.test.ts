import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LogFileWriter } from "./log-file-writer.js";

const t0 = Date.UTC(2026, 0, 1);

describe("LogFileWriter", () => {
  it("rotates past maxSizeBytes as the kubelet does, keeping at most maxFiles files, the newest lines intact", () => {
    const dir = mkdtempSync(join(tmpdir(), "podvisor-rotate-"));
    const path = join(dir, "0.log");
    let now = t0;
    const writer = new LogFileWriter(path, {
      rotation: { maxSizeBytes: 1000, maxFiles: 3 },
      now: () => (now += 1000),
      onError: (_, error) => {
        throw error;
      },
    });
    for (let i = 0; i < 100; i++) {
      writer.write(`line ${String(i).padStart(3, "0")} ${"x".repeat(90)}\n`);
      writer.flush();
    }
    writer.close();
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toBe("0.log");
    expect(files.slice(1)).toEqual([
      expect.stringMatching(/^0\.log\.20260101-\d{6}\.000$/),
      expect.any(String),
    ]);
    for (const file of files) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(1000 + 100);
    // Retention: the last lines, across the rotated files and the current one, all present in order.
    const kept = [...files.slice(1), "0.log"].flatMap((f) =>
      readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean),
    );
    const numbers = kept.map((line) => Number(line.slice(5, 8)));
    expect(numbers).toEqual(numbers.map((_, i) => 99 - numbers.length + 1 + i));
    expect(numbers.length).toBeGreaterThanOrEqual(20);
  });

  it("a write that fails (its directory removed) is reported once, never thrown, and writing resumes", () => {
    const dir = mkdtempSync(join(tmpdir(), "podvisor-fail-"));
    const errors: string[] = [];
    const writer = new LogFileWriter(join(dir, "gone", "0.log"), {
      now: () => t0,
      onError: (path, error) => errors.push(`${path}: ${(error as NodeJS.ErrnoException).code}`),
    });
    writer.write("a\n");
    writer.flush();
    writer.write("b\n");
    writer.flush();
    expect(errors).toEqual([`${join(dir, "gone", "0.log")}: ENOENT`]);
    rmSync(dir, { recursive: true });
    writer.close();
  });

  it("writes bytes exactly as given", () => {
    const dir = mkdtempSync(join(tmpdir(), "podvisor-bytes-"));
    const writer = new LogFileWriter(join(dir, "f"), { now: () => t0, onError: () => undefined });
    writer.write(Buffer.from([0xff, 0x0a]));
    writer.close();
    expect(readFileSync(join(dir, "f"))).toEqual(Buffer.from([0xff, 0x0a]));
  });
});
