/**
 * A real grpc.health.v1 Health server (grpc-js) for tests: `statuses` maps a service name to the
 * ServingStatus number it answers (1 SERVING, 2 NOT_SERVING); unknown services get NOT_FOUND.
 */
import { Server, ServerCredentials, status as grpcStatus, type ServiceDefinition } from "@grpc/grpc-js";

const definition: ServiceDefinition = {
  Check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: { service: string }) => Buffer.from(value.service),
    // An object, not the bare string: grpc-js takes a falsy request ("") for a missing one.
    requestDeserialize: (buffer: Buffer) => ({ service: decodeService(buffer) }),
    responseSerialize: (value: number) => Buffer.from([0x08, value]),
    responseDeserialize: (buffer: Buffer) => buffer[1] ?? 0,
  },
};

export async function startHealthServer(
  statuses: Record<string, number>,
  options: { delayMs?: number; implementHealth?: boolean } = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new Server();
  const implementation = {
    Check: (
      call: { request: { service: string } },
      callback: (error: { code: number; details: string } | null, value?: number) => void,
    ) => {
      const answer = () => {
        const value = statuses[call.request.service];
        if (value === undefined) callback({ code: grpcStatus.NOT_FOUND, details: "unknown service" });
        else callback(null, value);
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    },
  };
  if (options.implementHealth !== false) server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

function decodeService(buffer: Buffer): string {
  if (buffer.length < 2 || buffer[0] !== 0x0a) return "";
  const length = buffer[1] ?? 0;
  return buffer.subarray(2, 2 + length).toString("utf8");
}
