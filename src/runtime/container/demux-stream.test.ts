import { describe, expect, it } from "vitest";
import { createDemuxer, type StreamName } from "./demux-stream.js";

const frame = (kind: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("the Engine API's multiplexed stream", () => {
  it("separates stdout and stderr frames, in order", () => {
    const got: [StreamName, string][] = [];
    const demuxer = createDemuxer((stream, payload) => got.push([stream, payload.toString()]));
    demuxer.push(Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(1, "more")]));
    expect(got).toEqual([
      ["stdout", "out\n"],
      ["stderr", "err\n"],
      ["stdout", "more"],
    ]);
    expect(demuxer.pendingBytes).toBe(0);
  });

  it("reassembles frames cut anywhere by the transport, even one byte at a time", () => {
    const bytes = Buffer.concat([frame(1, "hello "), frame(2, "world"), frame(1, "!")]);
    const got: string[] = [];
    const demuxer = createDemuxer((stream, payload) => got.push(`${stream}:${payload.toString()}`));
    for (let i = 0; i < bytes.length; i++) demuxer.push(bytes.subarray(i, i + 1));
    expect(got).toEqual(["stdout:hello ", "stderr:world", "stdout:!"]);
  });

  it("keeps an incomplete frame pending", () => {
    const demuxer = createDemuxer(() => undefined);
    demuxer.push(frame(1, "abcdef").subarray(0, 10));
    expect(demuxer.pendingBytes).toBe(10);
  });
});
