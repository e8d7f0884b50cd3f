import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { counterFileOf, readOomKills } from "./oom-kill-counter.js";

describe("the OOM-kill counter of a container's cgroup", () => {
  it("cgroup v1: the memory controller's line names the directory of memory.oom_control", () => {
    const procCgroup =
      "9:name=systemd:/\n4:memory:/libpod_parent/libpod-abc\n3:cpu,cpuacct:/libpod_parent/libpod-abc\n";
    expect(counterFileOf(procCgroup, "/sys/fs/cgroup")).toBe(
      "/sys/fs/cgroup/memory/libpod_parent/libpod-abc/memory.oom_control",
    );
  });

  it("cgroup v2: the unified line names the directory of memory.events", () => {
    expect(counterFileOf("0::/machine.slice/libpod-abc.scope\n", "/sys/fs/cgroup")).toBe(
      "/sys/fs/cgroup/machine.slice/libpod-abc.scope/memory.events",
    );
  });

  it("reads oom_kill from either file; a file already gone counts nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "podvisor-oom-"));
    try {
      await writeFile(join(dir, "v1"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
      await writeFile(join(dir, "v2"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 2\noom_group_kill 0\n");
      expect(await readOomKills(join(dir, "v1"))).toBe(1);
      expect(await readOomKills(join(dir, "v2"))).toBe(2);
      expect(await readOomKills(join(dir, "gone"))).toBe(0);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
