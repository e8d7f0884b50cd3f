import { EngineNotFoundError } from "./container-errors.js";

export interface SocketCandidate {
  path: string;
  /** Where the candidate came from, as the error names it: "--engine-socket", "DOCKER_HOST", "rootless Podman", … */
  source: string;
}

export interface DiscoveryInput {
  /** `--engine-socket`: a path or unix:// URL. */
  engineSocket?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  uid: number;
}

/**
 * The sockets to try, in order: `--engine-socket`, DOCKER_HOST, CONTAINER_HOST (Podman's own
 * variable), then the usual places — rootful Docker, rootful Podman, rootless Podman, rootless
 * Docker. An explicit choice (flag or variable) that is not a unix socket is refused rather than
 * skipped, so a user who set one is never silently connected elsewhere.
 */
export function engineSocketCandidates(input: DiscoveryInput): SocketCandidate[] {
  const explicit: SocketCandidate[] = [];
  const named = [
    ["--engine-socket", input.engineSocket],
    ["DOCKER_HOST", input.env.DOCKER_HOST],
    ["CONTAINER_HOST", input.env.CONTAINER_HOST],
  ] as const;
  for (const [source, value] of named) {
    if (value === undefined || value === "") continue;
    explicit.push({ path: unixSocketPath(value, source), source });
  }
  if (explicit.length > 0) return explicit.slice(0, 1);
  const runtimeDir = input.env.XDG_RUNTIME_DIR ?? `/run/user/${input.uid}`;
  return [
    { path: "/var/run/docker.sock", source: "rootful Docker" },
    { path: "/run/podman/podman.sock", source: "rootful Podman" },
    { path: `${runtimeDir}/podman/podman.sock`, source: "rootless Podman" },
    { path: `${runtimeDir}/docker.sock`, source: "rootless Docker" },
  ];
}

/** `unix:///run/x.sock` or `/run/x.sock` → `/run/x.sock`; anything else is a clear error. */
export function unixSocketPath(value: string, source: string): string {
  if (value.startsWith("unix://")) return value.slice("unix://".length);
  if (value.startsWith("/")) return value;
  throw new EngineNotFoundError(
    `${source}=${value}: only unix sockets are supported (unix:///path/to/engine.sock); ` +
      "tcp:// and ssh:// engines are not",
  );
}

/**
 * The first candidate whose engine answers `_ping`, or an EngineNotFoundError naming each socket
 * tried and why it failed, with the fix.
 */
export async function discoverEngineSocket(
  input: DiscoveryInput,
  ping: (socketPath: string) => Promise<void>,
): Promise<SocketCandidate> {
  const tried: string[] = [];
  for (const candidate of engineSocketCandidates(input)) {
    try {
      await ping(candidate.path);
      return candidate;
    } catch (error) {
      tried.push(`${candidate.path} (${candidate.source}): ${describeFailure(error)}`);
    }
  }
  throw new EngineNotFoundError(
    `no container engine answered; tried ${tried.join("; ")}. ` +
      "Start one (Docker, or `podman system service --time=0 unix:///run/podman/podman.sock`) " +
      "or name its socket with --engine-socket or DOCKER_HOST=unix:///path/to/socket",
  );
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === "ENOENT") return "no such socket";
  if (code === "ECONNREFUSED") return "nothing listening";
  if (code === "EACCES") return "permission denied";
  return cause instanceof Error ? cause.message : String(cause);
}
