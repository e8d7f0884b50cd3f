/**
 * The Engine API's multiplexed stream (no TTY): frames of an 8-byte header — stream type (1
 * stdout, 2 stderr; 0 stdin), three zero bytes, a big-endian uint32 length — then the payload.
 * Frames arrive cut anywhere by the transport, so the demuxer keeps what it has not yet framed.
 * https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerAttach
 */
export type StreamName = "stdout" | "stderr";

export interface Demuxer {
  push(chunk: Buffer): void;
  /** Bytes left that form no complete frame (0 after a clean end). */
  readonly pendingBytes: number;
}

const HEADER_BYTES = 8;

export function createDemuxer(onPayload: (stream: StreamName, payload: Buffer) => void): Demuxer {
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= HEADER_BYTES) {
        const length = pending.readUInt32BE(offset + 4);
        if (pending.length - offset - HEADER_BYTES < length) break;
        const kind = pending[offset];
        const payload = pending.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
        if (length > 0) onPayload(kind === 2 ? "stderr" : "stdout", payload);
        offset += HEADER_BYTES + length;
      }
      pending = offset === pending.length ? Buffer.alloc(0) : Buffer.from(pending.subarray(offset));
    },
    get pendingBytes() {
      return pending.length;
    },
  };
}
