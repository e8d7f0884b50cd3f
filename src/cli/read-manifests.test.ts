import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../shared/index.js";
import { readManifestSources } from "./read-manifests.js";

let dir: string;
const noStdin = () => Readable.from([]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "podvisor-manifests-"));
  await writeFile(join(dir, "b.yaml"), "b");
  await writeFile(join(dir, "a.json"), "a");
  await writeFile(join(dir, "c.yml"), "c");
  await writeFile(join(dir, "notes.txt"), "ignored");
  await mkdir(join(dir, "sub"));
  await writeFile(join(dir, "sub", "d.yaml"), "d");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readManifestSources", () => {
  it("reads a file as is", async () => {
    expect(await readManifestSources([join(dir, "b.yaml")], noStdin())).toEqual([
      { name: join(dir, "b.yaml"), text: "b" },
    ]);
  });

  it("reads a directory's manifest files in name order, not its subdirectories", async () => {
    const sources = await readManifestSources([dir], noStdin());
    expect(sources.map((s) => s.text)).toEqual(["a", "b", "c"]);
  });

  it("descends into subdirectories when recursive", async () => {
    const sources = await readManifestSources([dir], noStdin(), { recursive: true });
    expect(sources.map((s) => s.text)).toEqual(["a", "b", "c", "d"]);
  });

  it("reads stdin for '-', once", async () => {
    const sources = await readManifestSources(["-", "-"], Readable.from([Buffer.from("kind: "), "Pod"]));
    expect(sources).toEqual([
      { name: "<stdin>", text: "kind: Pod" },
      { name: "<stdin>", text: "kind: Pod" },
    ]);
  });

  it("names every missing path in one InvalidInputError", async () => {
    const missing = join(dir, "nope.yaml");
    const error = await readManifestSources([missing, dir, "/no/such"], noStdin()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      `the path "${missing}" does not exist`,
      'the path "/no/such" does not exist',
    ]);
  });
});
