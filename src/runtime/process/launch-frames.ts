/**
 * The launcher server's wire format (native/launch-server.c), integers u32 little-endian.
 * Request:  length | id | argc | envc | cwd\0 | argv\0... | NAME=value\0...
 * Frame:    type (u8) | id | length | payload
 */

const HEADER_BYTES = 9;

export type LaunchFrame =
  /** `isInit`: pid is the container's PID 1 itself, not a launcher that forked it. */
  | { type: "spawned"; id: number; pid: number; isInit: boolean }
  | { type: "spawn-failed"; id: number; message: string }
  | { type: "stdout" | "stderr" | "status"; id: number; bytes: Buffer }
  | { type: "exited"; id: number; code: number | null; signal: number | null };

const OUTPUT_TYPES = { 3: "stdout", 4: "stderr", 5: "status" } as const;

export function encodeLaunchRequest(
  id: number,
  argv: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Buffer {
  const strings = [cwd, ...argv, ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
  const text = Buffer.from(strings.map((s) => `${s}\0`).join(""), "utf8");
  const head = Buffer.alloc(16);
  head.writeUInt32LE(12 + text.length, 0);
  head.writeUInt32LE(id, 4);
  head.writeUInt32LE(argv.length, 8);
  head.writeUInt32LE(strings.length - 1 - argv.length, 12);
  return Buffer.concat([head, text]);
}

/** A string the server cannot pass on: C strings end at their first NUL. */
export function findNulString(argv: readonly string[], env: Record<string, string>): string | undefined {
  return [...argv, ...Object.entries(env).flat()].find((s) => s.includes("\0"));
}

/** Splits the server's stdout into frames, across chunk boundaries. */
export class LaunchFrameParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): LaunchFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: LaunchFrame[] = [];
    let at = 0;
    while (this.pending.length - at >= HEADER_BYTES) {
      const length = this.pending.readUInt32LE(at + 5);
      if (this.pending.length - at - HEADER_BYTES < length) break;
      const type = this.pending.readUInt8(at);
      const id = this.pending.readUInt32LE(at + 1);
      const payload = this.pending.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
      frames.push(decodeFrame(type, id, payload));
      at += HEADER_BYTES + length;
    }
    // Copy the rest: a subarray would keep the whole chunk alive.
    this.pending = at === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(at));
    return frames;
  }
}

function decodeFrame(type: number, id: number, payload: Buffer): LaunchFrame {
  switch (type) {
    case 1:
      return {
        type: "spawned",
        id,
        pid: payload.readUInt32LE(0),
        isInit: payload.length >= 8 && payload.readUInt32LE(4) === 1,
      };
    case 2:
      return { type: "spawn-failed", id, message: payload.toString("utf8") };
    case 3:
    case 4:
    case 5:
      // Copied: a subarray would keep the whole chunk read from the pipe alive.
      return { type: OUTPUT_TYPES[type], id, bytes: Buffer.from(payload) };
    case 6: {
      const code = payload.readInt32LE(0);
      const signal = payload.readInt32LE(4);
      return { type: "exited", id, code: code < 0 ? null : code, signal: signal === 0 ? null : signal };
    }
    default:
      throw new Error(`the launcher server sent a frame of unknown type ${type}`);
  }
}
