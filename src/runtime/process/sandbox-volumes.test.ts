import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { materializeVolumes } from "./sandbox-volumes.js";

describe("materializeVolumes: hostPath", () => {
  const base = mkdtempSync(join(tmpdir(), "podvisor-hostpath-"));

  // The kubelet checks nothing for an unset type; the container runtime then creates a missing
  // bind-mount source as a directory, 0755 (containerd's CRI plugin and CRI-O both do).
  it("without a type, a missing path is created as a directory, as the container runtime does", async () => {
    const path = join(base, "missing", "data");
    const dirs = await materializeVolumes(join(base, "pod"), [{ name: "data", kind: "hostPath", path }]);
    expect(dirs).toEqual({ data: path });
    expect(statSync(path).isDirectory()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o755);
  });

  it("without a type, an existing file is used as it is", async () => {
    const path = join(base, "file.txt");
    writeFileSync(path, "x");
    await materializeVolumes(join(base, "pod"), [{ name: "f", kind: "hostPath", path }]);
    expect(statSync(path).isFile()).toBe(true);
  });

  it("type Directory to a missing path fails with the kubelet's message, not a raw errno", async () => {
    const path = join(base, "absent");
    await expect(
      materializeVolumes(join(base, "pod"), [{ name: "d", kind: "hostPath", path, type: "Directory" }]),
    ).rejects.toThrow(
      `MountVolume.SetUp failed for volume "d" : hostPath type check failed: ${path} is not a directory`,
    );
  });
});

describe("materializeVolumes: who may reach a Secret", () => {
  it("keeps the pod's volumes in a directory only the owner can enter, files with their defaultMode", async () => {
    const podDir = join(mkdtempSync(join(tmpdir(), "podvisor-secret-")), "pods", "uid-1");
    const dirs = await materializeVolumes(podDir, [
      {
        name: "creds",
        kind: "files",
        files: [{ path: "password", data: Buffer.from("s3cret"), mode: 0o440 }],
      },
    ]);
    expect(statSync(podDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dirs.creds!, "password")).mode & 0o777).toBe(0o440);
  });
});
