import { describe, expect, it } from "vitest";
import { engineOfPing } from "./connect-engine.js";

describe("which engine answered _ping, from its headers (no /version round trip)", () => {
  it.each([
    [
      "Podman 4.3 (its compat API also says Api-Version 1.41)",
      { "api-version": "1.41", "libpod-api-version": "4.3.1", server: "Libpod/4.3.1 (linux)" },
      { engine: "podman", version: "4.3.1" },
    ],
    [
      "Docker 20.10",
      { "api-version": "1.41", server: "Docker/20.10.24 (linux)", ostype: "linux" },
      { engine: "docker", version: "20.10.24" },
    ],
    [
      "an engine that names itself nowhere: Docker's API, version unknown",
      {},
      { engine: "docker", version: "unknown" },
    ],
  ])("%s", (_engine, headers, expected) => {
    expect(engineOfPing(headers)).toEqual(expected);
  });
});
