import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectIsolation } from "./detect-isolation.js";
import { removeCreatedPaths } from "./mount-point-record.js";
import { mountPointsOf } from "./mounts-elsewhere.js";

describe("mountPointsOf reads field 5 of mountinfo", () => {
  it("decodes the kernel's octal escapes", () => {
    const mountinfo = [
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
      "301 22 8:1 /srv/data /mnt/with\\040space rw,relatime - ext4 /dev/sda1 rw",
      "",
    ].join("\n");
    expect([...mountPointsOf(mountinfo)]).toEqual(["/", "/mnt/with space"]);
  });
});

// A bind mount in a mount namespace of its own (root or a user namespace: what `run` uses).
const namespaced = detectIsolation({ PODVISOR_LAUNCHER: "chain" }).kind !== "none";

describe.runIf(namespaced && process.getuid?.() === 0)(
  "a created mount point another mount namespace still mounts on is left in place",
  () => {
    let dir: string | undefined;
    let holder: ReturnType<typeof spawn> | undefined;
    afterEach(() => {
      holder?.kill("SIGKILL");
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("rmdir would detach the other container's mount, so the path stays until that mount is gone", async () => {
      dir = mkdtempSync(join(tmpdir(), "podvisor-mounts-elsewhere-"));
      const source = join(dir, "source");
      const point = join(dir, "point");
      mkdirSync(source);
      mkdirSync(point);
      // Another podvisor's container: its own mount namespace with a bind mount on `point`.
      holder = spawn("unshare", [
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        `mount --bind "$0" "$1" && echo mounted && exec sleep 60`,
        source,
        point,
      ]);
      const mounted = await new Promise<boolean>((resolve) => {
        holder?.stdout?.on("data", (chunk: Buffer) => resolve(chunk.toString().includes("mounted")));
        holder?.once("exit", () => resolve(false));
      });
      expect(mounted).toBe(true);
      expect(readFileSync(`/proc/${holder.pid}/mountinfo`, "utf8")).toContain(` ${point} `);

      removeCreatedPaths([point]);
      expect(existsSync(point)).toBe(true);

      holder.kill("SIGKILL");
      await new Promise((resolve) => holder?.once("exit", resolve));
      removeCreatedPaths([point]);
      expect(existsSync(point)).toBe(false);
    });
  },
);
