import type { IncomingHttpHeaders } from "node:http";
import { EngineClient, readAll } from "./engine-client.js";
import { discoverEngineSocket, type DiscoveryInput, type SocketCandidate } from "./engine-socket.js";

export interface EngineConnection {
  client: EngineClient;
  socket: SocketCandidate;
  engine: "podman" | "docker";
  version: string;
}

/**
 * Finds the engine (engine-socket.ts's order), and tells Podman from Docker by the headers of its
 * `_ping` answer: Podman's carry `Libpod-Api-Version`, and `Server` names either
 * ("Libpod/4.3.1 (linux)", "Docker/20.10.24 (linux)"). Not by `/version`, which Podman answers
 * only after asking conmon and the OCI runtime for theirs — over a second here, on every run.
 */
export async function connectEngine(input: DiscoveryInput): Promise<EngineConnection> {
  let headers: IncomingHttpHeaders = {};
  const socket = await discoverEngineSocket(input, async (path) => {
    const res = await new EngineClient(path).stream({ method: "GET", path: "/_ping" });
    await readAll(res);
    headers = res.headers;
  });
  return { client: new EngineClient(socket.path), socket, ...engineOfPing(headers) };
}

/** Which engine answered a `_ping`, and its version, from the answer's headers. */
export function engineOfPing(headers: IncomingHttpHeaders): Pick<EngineConnection, "engine" | "version"> {
  const server = /^(\w+)\/(\S+)/.exec(String(headers.server ?? ""));
  const libpod = headers["libpod-api-version"];
  if (libpod !== undefined) return { engine: "podman", version: String(libpod) };
  return { engine: "docker", version: server?.[1] === "Docker" ? (server[2] ?? "unknown") : "unknown" };
}
