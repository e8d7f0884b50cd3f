import { describe, expect, it } from "vitest";
import { discoverEngineSocket, engineSocketCandidates } from "./engine-socket.js";

const enoent = () =>
  Promise.reject(new Error("x", { cause: Object.assign(new Error("nope"), { code: "ENOENT" }) }));

describe("engine discovery", () => {
  it("tries the usual sockets in order: rootful Docker, rootful Podman, rootless Podman, rootless Docker", () => {
    expect(engineSocketCandidates({ env: {}, uid: 1000 }).map((c) => c.path)).toEqual([
      "/var/run/docker.sock",
      "/run/podman/podman.sock",
      "/run/user/1000/podman/podman.sock",
      "/run/user/1000/docker.sock",
    ]);
  });

  it("--engine-socket wins over DOCKER_HOST, which wins over CONTAINER_HOST; nothing else is tried", () => {
    const env = { DOCKER_HOST: "unix:///d.sock", CONTAINER_HOST: "unix:///c.sock" };
    expect(engineSocketCandidates({ engineSocket: "/e.sock", env, uid: 0 })).toEqual([
      { path: "/e.sock", source: "--engine-socket" },
    ]);
    expect(engineSocketCandidates({ env, uid: 0 })).toEqual([{ path: "/d.sock", source: "DOCKER_HOST" }]);
  });

  it("refuses a tcp:// DOCKER_HOST rather than connecting elsewhere", () => {
    expect(() => engineSocketCandidates({ env: { DOCKER_HOST: "tcp://1.2.3.4:2375" }, uid: 0 })).toThrow(
      /DOCKER_HOST=tcp:\/\/1.2.3.4:2375: only unix sockets are supported/,
    );
  });

  it("when none answers, the error names every socket tried, why, and the fix", async () => {
    await expect(
      discoverEngineSocket({ env: { XDG_RUNTIME_DIR: "/run/user/7" }, uid: 7 }, enoent),
    ).rejects.toThrow(
      /no container engine answered; tried \/var\/run\/docker.sock \(rootful Docker\): no such socket; .*\/run\/user\/7\/docker.sock \(rootless Docker\): no such socket\. .*--engine-socket or DOCKER_HOST/,
    );
  });

  it("takes the first that answers", async () => {
    const ping = (path: string) => (path === "/run/podman/podman.sock" ? Promise.resolve() : enoent());
    await expect(discoverEngineSocket({ env: {}, uid: 0 }, ping)).resolves.toEqual({
      path: "/run/podman/podman.sock",
      source: "rootful Podman",
    });
  });
});
