import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { materializeVolumes, updateFileVolumes } from "./sandbox-volumes.js";

describe("materializeVolumes: hostPath", () => {
  const base = mkdtempSync(join(tmpdir(), "podvisor-hostpath-"));

  // The kubelet checks nothing for an unset type; the container runtime then creates a missing
  // bind-mount source as a directory, 0755 (containerd's CRI plugin and CRI-O both do).
  it("without a type, a missing path is created as a directory, as the container runtime does", async () => {
    const path = join(base, "missing", "data");
    const dirs = await materializeVolumes(join(base, "pod"), [{ name: "data", kind: "hostPath", path }], 0);
    expect(dirs).toEqual({ data: path });
    expect(statSync(path).isDirectory()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o755);
  });

  it("without a type, an existing file is used as it is", async () => {
    const path = join(base, "file.txt");
    writeFileSync(path, "x");
    await materializeVolumes(join(base, "pod"), [{ name: "f", kind: "hostPath", path }], 0);
    expect(statSync(path).isFile()).toBe(true);
  });

  it("type Directory to a missing path fails with the kubelet's message, not a raw errno", async () => {
    const path = join(base, "absent");
    await expect(
      materializeVolumes(join(base, "pod"), [{ name: "d", kind: "hostPath", path, type: "Directory" }], 0),
    ).rejects.toThrow(
      `MountVolume.SetUp failed for volume "d" : hostPath type check failed: ${path} is not a directory`,
    );
  });
});

describe("materializeVolumes: who may reach a Secret", () => {
  it("keeps the pod's volumes in a directory only the owner can enter, files with their defaultMode", async () => {
    const podDir = join(mkdtempSync(join(tmpdir(), "podvisor-secret-")), "pods", "uid-1");
    const dirs = await materializeVolumes(
      podDir,
      [
        {
          name: "creds",
          kind: "files",
          files: [{ path: "password", data: Buffer.from("s3cret"), mode: 0o440 }],
        },
      ],
      0,
    );
    expect(statSync(podDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dirs.creds!, "password")).mode & 0o777).toBe(0o440);
  });
});

describe("configMap, secret and downwardAPI volumes are written as the kubelet's AtomicWriter writes them", () => {
  const t0 = Date.UTC(2026, 11, 7, 10, 0, 0);
  const file = (path: string, text: string) => ({ path, data: Buffer.from(text), mode: 0o644 });

  it("the files are symlinks into ..data, which points at a timestamped directory", async () => {
    const podDir = join(mkdtempSync(join(tmpdir(), "podvisor-atomic-")), "pod");
    const dirs = await materializeVolumes(
      podDir,
      [{ name: "config", kind: "files", files: [file("app.conf", "v1"), file("nested/a.txt", "a")] }],
      t0,
    );
    const dir = dirs.config!;
    expect(readlinkSync(join(dir, "app.conf"))).toBe("..data/app.conf");
    expect(readlinkSync(join(dir, "nested"))).toBe("..data/nested");
    expect(readlinkSync(join(dir, "..data"))).toMatch(/^\.\.2026_12_07_10_00_00\.\w+$/);
    expect(readFileSync(join(dir, "nested", "a.txt"), "utf8")).toBe("a");
  });

  it("an update swaps ..data to a new directory: changed files change, removed ones go, the old directory goes", async () => {
    const podDir = join(mkdtempSync(join(tmpdir(), "podvisor-atomic-")), "pod");
    const dirs = await materializeVolumes(
      podDir,
      [{ name: "config", kind: "files", files: [file("app.conf", "v1"), file("old.txt", "x")] }],
      t0,
    );
    const dir = dirs.config!;
    const first = readlinkSync(join(dir, "..data"));
    await updateFileVolumes(
      dirs,
      [{ name: "config", kind: "files", files: [file("app.conf", "v2")] }],
      t0 + 60_000,
    );
    expect(readFileSync(join(dir, "app.conf"), "utf8")).toBe("v2");
    expect(readlinkSync(join(dir, "..data"))).not.toBe(first);
    expect(() => lstatSync(join(dir, "old.txt"))).toThrow();
    expect(readdirSync(dir).sort()).toEqual(["..data", readlinkSync(join(dir, "..data")), "app.conf"].sort());
  });

  it("an unchanged payload writes nothing (..data keeps its directory)", async () => {
    const podDir = join(mkdtempSync(join(tmpdir(), "podvisor-atomic-")), "pod");
    const volumes = [{ name: "config", kind: "files" as const, files: [file("app.conf", "v1")] }];
    const dirs = await materializeVolumes(podDir, volumes, t0);
    const first = readlinkSync(join(dirs.config!, "..data"));
    await updateFileVolumes(dirs, volumes, t0 + 60_000);
    expect(readlinkSync(join(dirs.config!, "..data"))).toBe(first);
  });
});
