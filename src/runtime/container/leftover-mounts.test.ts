import { describe, expect, it } from "vitest";
import { describeUnmounted, mountsUnder } from "./leftover-mounts.js";

const MOUNTINFO = [
  "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
  "90 22 0:51 / /state/runs/r1/pods/u1/volumes/mem rw,relatime shared:40 - tmpfs tmpfs rw,size=1024k",
  "91 22 0:52 / /state/runs/r1/pods/u1/volumes/my\\040cache rw,relatime shared:41 - tmpfs tmpfs rw",
  "92 90 0:53 / /state/runs/r1/pods/u1/volumes/mem/inner rw,relatime - tmpfs tmpfs rw",
  "93 22 0:54 / /state/runs/r10/pods/u1/volumes/mem rw,relatime - tmpfs tmpfs rw",
].join("\n");

describe("the mounts a dead run left under its pod directory", () => {
  it("are those at or below the directory, mount points unescaped, deepest first; a sibling with the same prefix is not one", () => {
    expect(mountsUnder("/state/runs/r1/pods/u1", MOUNTINFO)).toEqual([
      { path: "/state/runs/r1/pods/u1/volumes/mem/inner", fsType: "tmpfs" },
      { path: "/state/runs/r1/pods/u1/volumes/my cache", fsType: "tmpfs" },
      { path: "/state/runs/r1/pods/u1/volumes/mem", fsType: "tmpfs" },
    ]);
    expect(mountsUnder("/state/runs/r1", MOUNTINFO).map((m) => m.path)).not.toContain(
      "/state/runs/r10/pods/u1/volumes/mem",
    );
  });

  it("a busy one is said to be detached lazily", () => {
    expect(describeUnmounted({ path: "/p", fsType: "tmpfs", isLazy: true })).toBe(
      "tmpfs /p (busy: detached lazily)",
    );
    expect(describeUnmounted({ path: "/p", fsType: "tmpfs", isLazy: false })).toBe("tmpfs /p");
  });
});
