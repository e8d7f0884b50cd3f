import { EngineClient } from "./engine-client.js";
import { discoverEngineSocket, type DiscoveryInput, type SocketCandidate } from "./engine-socket.js";

export interface EngineConnection {
  client: EngineClient;
  socket: SocketCandidate;
  engine: "podman" | "docker";
  version: string;
}

interface VersionAnswer {
  Version?: string;
  Components?: { Name?: string; Version?: string }[];
}

/** Finds the engine (engine-socket.ts's order), and tells Podman from Docker by its /version. */
export async function connectEngine(input: DiscoveryInput): Promise<EngineConnection> {
  const socket = await discoverEngineSocket(input, (path) =>
    new EngineClient(path).call({ method: "GET", path: "/_ping" }),
  );
  const client = new EngineClient(socket.path);
  const version = await client.json<VersionAnswer>({ method: "GET", path: "/version" });
  const podman = version.Components?.find((c) => c.Name === "Podman Engine");
  return {
    client,
    socket,
    engine: podman ? "podman" : "docker",
    version: podman?.Version ?? version.Version ?? "unknown",
  };
}
