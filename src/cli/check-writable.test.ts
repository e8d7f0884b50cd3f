import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../shared/index.js";
import { checkWritableFile } from "./check-writable.js";

const isRoot = process.getuid?.() === 0;

describe("checkWritableFile (outputs are checked before anything starts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "podvisor-writable-"));

  it("accepts a new file in an existing directory, and an existing regular file", async () => {
    await expect(checkWritableFile(join(dir, "new.json"), "--status-file")).resolves.toBeUndefined();
    writeFileSync(join(dir, "old.json"), "{}");
    await expect(checkWritableFile(join(dir, "old.json"), "--status-file")).resolves.toBeUndefined();
  });

  it("refuses a path whose directory does not exist, naming the flag and the path", async () => {
    const error = await checkWritableFile(join(dir, "missing", "x.json"), "--status-file").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      `--status-file ${join(dir, "missing", "x.json")}: cannot write there: the directory ${join(dir, "missing")} does not exist`,
    );
  });

  it("refuses a directory", async () => {
    mkdirSync(join(dir, "sub"));
    await expect(checkWritableFile(join(dir, "sub"), "--status-file")).rejects.toThrow(/is a directory/);
  });

  // root may write anywhere, so permission bits cannot make it fail.
  it.skipIf(isRoot)("refuses a read-only directory", async () => {
    mkdirSync(join(dir, "ro"));
    chmodSync(join(dir, "ro"), 0o500);
    await expect(checkWritableFile(join(dir, "ro", "x.json"), "--status-file")).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe("checkWritableFile under a file", () => {
  it("refuses a path whose parent is a regular file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "podvisor-writable-"));
    writeFileSync(join(dir, "file"), "");
    await expect(checkWritableFile(join(dir, "file", "x.json"), "--status-file")).rejects.toThrow(
      /is not a directory/,
    );
  });
});
