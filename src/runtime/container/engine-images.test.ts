import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "./engine-client.js";
import { pullImage } from "./engine-images.js";

/**
 * No registry is reachable from these tests, so whether a login reaches the engine is checked
 * here, against a stand-in for the engine on a private unix socket that records each pull's
 * request; the real engine's pulls are the e2e tests' (docs/container-backend.md).
 */
describe("a pull's registry login reaches the engine as X-Registry-Auth (Engine API POST /images/create)", () => {
  let dir: string;
  let server: Server;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "podvisor-engine-"));
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      res.writeHead(200, { "Content-Type": "application/json" });
      const denied = req.url?.includes("denied") === true;
      res.end(
        denied
          ? '{"error":"unauthorized: authentication required"}\n'
          : '{"status":"Pulling fs layer","id":"a1"}\n',
      );
    });
    await new Promise<void>((resolve) => server.listen(join(dir, "engine.sock"), resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const client = () => new EngineClient(join(dir, "engine.sock"));
  const decodeHeader = (value: string | string[] | undefined) =>
    JSON.parse(Buffer.from(String(value), "base64url").toString("utf8")) as unknown;

  it("sends the login as the base64url of the AuthConfig JSON, with the image to pull", async () => {
    seen.length = 0;
    await pullImage(
      client(),
      "registry.local:5000/team/app:1",
      { username: "u", password: "p:w", email: "u@x" },
      () => undefined,
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toContain(`fromImage=${encodeURIComponent("registry.local:5000/team/app:1")}`);
    expect(decodeHeader(seen[0]?.headers["x-registry-auth"])).toEqual({
      username: "u",
      password: "p:w",
      email: "u@x",
    });
  });

  it("an anonymous pull sends no X-Registry-Auth at all", async () => {
    seen.length = 0;
    await pullImage(client(), "registry.local:5000/team/app:1", undefined, () => undefined);
    expect(seen[0]?.headers["x-registry-auth"]).toBeUndefined();
  });

  it("an error line in the engine's stream is ErrImagePull with the engine's words", async () => {
    await expect(
      pullImage(client(), "registry.local:5000/denied:1", { username: "u", password: "p" }, () => undefined),
    ).rejects.toMatchObject({
      reason: "ErrImagePull",
      message: 'failed to pull image "registry.local:5000/denied:1": unauthorized: authentication required',
    });
  });
});
