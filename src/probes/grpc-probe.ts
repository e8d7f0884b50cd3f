/**
 * grpc probes (`pkg/probe/grpc`): `grpc.health.v1.Health/Check` with the probe's `service` on
 * the pod's address, plaintext. SERVING is Success; anything else — not connected within the
 * timeout, Unimplemented, another status — is a Failure worded as the kubelet words it.
 *
 * The client is @grpc/grpc-js's generic `Client` with a hand-written codec for the two tiny health
 * messages (HealthCheckRequest{string service = 1}, HealthCheckResponse{ServingStatus status = 1}),
 * so no .proto file or proto-loader is needed at run time (docs/probes.md). grpc-js is loaded on
 * the first gRPC probe only: it costs ~60 ms of start-up that runs without gRPC probes need not pay.
 */
import type { ServiceError } from "@grpc/grpc-js";
import { KUBE_VERSION, formatGoSeconds, joinHostPort, type ProbeRun } from "./probe-outcome.js";

const CHECK_METHOD = "/grpc.health.v1.Health/Check";
const SERVING_STATUS = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;

export async function runGrpcProbe(
  host: string,
  port: number,
  service: string,
  timeoutMs: number,
): Promise<ProbeRun> {
  const { Client, Metadata, credentials, status: grpcStatus } = await loadGrpc();
  const address = joinHostPort(host, port);
  const deadline = Date.now() + timeoutMs;
  const client = new Client(address, credentials.createInsecure(), {
    "grpc.primary_user_agent": `kube-probe/${KUBE_VERSION}`,
    // One probe, one connection, as the kubelet dials per probe.
    "grpc.use_local_subchannel_pool": 1,
  });
  try {
    const connected = await new Promise<Error | undefined>((resolve) =>
      client.waitForReady(deadline, (error) => resolve(error)),
    );
    if (connected)
      return {
        outcome: "Failure",
        message: `timeout: failed to connect service ${JSON.stringify(address)} within ${formatGoSeconds(timeoutMs)}: context deadline exceeded`,
      };
    const response = await new Promise<{ error: ServiceError | null; status?: number }>((resolve) =>
      client.makeUnaryRequest(
        CHECK_METHOD,
        encodeHealthCheckRequest,
        decodeHealthCheckResponse,
        service,
        new Metadata(),
        { deadline },
        (error, value) => resolve(value === undefined ? { error } : { error, status: value }),
      ),
    );
    if (response.error)
      return { outcome: "Failure", message: describeRpcError(response.error, timeoutMs, grpcStatus) };
    const name = SERVING_STATUS[response.status ?? 0] ?? String(response.status);
    if (name !== "SERVING")
      return { outcome: "Failure", message: `service unhealthy (responded with ${JSON.stringify(name)})` };
    return { outcome: "Success", message: "service healthy" };
  } finally {
    client.close();
  }
}

type GrpcModule = typeof import("@grpc/grpc-js");
let grpcModule: Promise<GrpcModule> | undefined;

function loadGrpc(): Promise<GrpcModule> {
  grpcModule ??= import("@grpc/grpc-js");
  return grpcModule;
}

function describeRpcError(error: ServiceError, timeoutMs: number, grpcStatus: GrpcModule["status"]): string {
  switch (error.code) {
    case grpcStatus.UNIMPLEMENTED:
      return `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${error.details}`;
    case grpcStatus.DEADLINE_EXCEEDED:
      return `timeout: health rpc did not complete within ${formatGoSeconds(timeoutMs)}`;
    default:
      return `error: health rpc probe failed: rpc error: code = ${codeName(error.code, grpcStatus)} desc = ${error.details}`;
  }
}

function codeName(code: number, grpcStatus: GrpcModule["status"]): string {
  const entry = Object.entries(grpcStatus).find(([, value]) => (value as number) === code);
  if (!entry) return String(code);
  // grpc-go spells codes in CamelCase: DEADLINE_EXCEEDED → DeadlineExceeded.
  return entry[0]
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** HealthCheckRequest { string service = 1; } in protobuf wire format. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const bytes = Buffer.from(service, "utf8");
  if (bytes.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), encodeVarint(bytes.length), bytes]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: the status number (0 when absent); unknown fields skipped. */
export function decodeHealthCheckResponse(buffer: Buffer): number {
  let offset = 0;
  let status = 0;
  const readVarint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error("truncated varint in HealthCheckResponse");
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  };
  while (offset < buffer.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 0) {
      const value = readVarint();
      if (field === 1) status = value;
    } else if (wireType === 2) {
      const length = readVarint();
      offset += length;
    } else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else throw new Error(`unexpected wire type ${wireType} in HealthCheckResponse`);
  }
  return status;
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
