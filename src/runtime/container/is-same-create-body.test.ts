import { describe, expect, it } from "vitest";
import { isSameCreateBody } from "./is-same-create-body.js";

describe("a prepared container is used only when the turn's create body is the same", () => {
  const body = {
    Image: "sha256:aaa",
    Entrypoint: ["sh"],
    Cmd: ["-c", "echo up"],
    Env: ["POD_IP=10.88.0.5", "MODE=a"],
    Labels: { "io.podvisor.run": "r1", "io.kubernetes.container.name": "app" },
    HostConfig: { NetworkMode: "container:infra", Mounts: [{ Type: "bind", Source: "/s/v", Target: "/v" }] },
  };

  it("the same body, its keys in another order or with undefined fields (absent on the wire), is the same", () => {
    const { Image, ...rest } = body;
    expect(isSameCreateBody(body, structuredClone(body))).toBe(true);
    expect(isSameCreateBody(body, { ...rest, Image, WorkingDir: undefined })).toBe(true);
  });

  it.each([
    ["another image ID (the image was pulled again)", { ...body, Image: "sha256:bbb" }],
    ["another env value (a ConfigMap changed)", { ...body, Env: ["POD_IP=10.88.0.5", "MODE=b"] }],
    [
      "the env in another order (a later entry wins in the engine)",
      { ...body, Env: [...body.Env].reverse() },
    ],
    [
      "another mount",
      {
        ...body,
        HostConfig: { ...body.HostConfig, Mounts: [{ Type: "bind", Source: "/s/w", Target: "/v" }] },
      },
    ],
    ["a field more", { ...body, User: "1000" }],
  ])("%s is not the same", (_name, other) => {
    expect(isSameCreateBody(body, other)).toBe(false);
  });
});
