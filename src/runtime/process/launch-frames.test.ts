import { describe, expect, it } from "vitest";
import { encodeLaunchRequest, findNulString, LaunchFrameParser } from "./launch-frames.js";

function frame(type: number, id: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt8(type, 0);
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(payload.length, 5);
  return Buffer.concat([head, payload]);
}

function ints(...values: number[]): Buffer {
  const buffer = Buffer.alloc(4 * values.length);
  values.forEach((value, i) => buffer.writeInt32LE(value, 4 * i));
  return buffer;
}

describe("the launcher server's request", () => {
  it("is its length, the id, argc, envc, then cwd, argv and NAME=value as NUL-terminated strings", () => {
    const request = encodeLaunchRequest(7, ["/bin/launch", "1", "é"], { PATH: "/bin", EMPTY: "" }, "/");
    const strings = "/\0/bin/launch\0" + "1\0é\0PATH=/bin\0EMPTY=\0";
    expect(request.readUInt32LE(0)).toBe(request.length - 4);
    expect([request.readUInt32LE(4), request.readUInt32LE(8), request.readUInt32LE(12)]).toEqual([7, 3, 2]);
    expect(request.subarray(16).toString("utf8")).toBe(strings);
  });

  it("cannot carry a string with a NUL byte, which is found before it is sent", () => {
    expect(findNulString(["a", "b\0c"], {})).toBe("b\0c");
    expect(findNulString(["a"], { X: "1\0" })).toBe("1\0");
    expect(findNulString(["a"], { X: "1" })).toBeUndefined();
  });
});

describe("the launcher server's frames", () => {
  const stream = Buffer.concat([
    frame(1, 3, ints(4242)),
    frame(1, 7, ints(4243, 1)),
    frame(5, 3, Buffer.from("started\n")),
    frame(3, 3, Buffer.from("out")),
    frame(4, 3, Buffer.from("")),
    frame(2, 4, Buffer.from("launcher server: fork: Resource temporarily unavailable")),
    frame(6, 3, ints(-1, 9)),
    frame(6, 5, ints(3, 0)),
  ]);
  const expected = [
    { type: "spawned", id: 3, pid: 4242, isInit: false },
    { type: "spawned", id: 7, pid: 4243, isInit: true },
    { type: "status", id: 3, bytes: Buffer.from("started\n") },
    { type: "stdout", id: 3, bytes: Buffer.from("out") },
    { type: "stderr", id: 3, bytes: Buffer.from("") },
    { type: "spawn-failed", id: 4, message: "launcher server: fork: Resource temporarily unavailable" },
    { type: "exited", id: 3, code: null, signal: 9 },
    { type: "exited", id: 5, code: 3, signal: null },
  ];

  it("decode from one chunk: pid (a launcher's, or PID 1's itself), output bytes, a failure's message, an exit by code or by signal", () => {
    expect(new LaunchFrameParser().push(stream)).toEqual(expected);
  });

  it("decode the same when every byte arrives in its own chunk", () => {
    const parser = new LaunchFrameParser();
    const frames = [...stream].flatMap((byte) => parser.push(Buffer.from([byte])));
    expect(frames).toEqual(expected);
  });

  it("refuse a frame type the server never sends", () => {
    expect(() => new LaunchFrameParser().push(frame(9, 1, Buffer.alloc(0)))).toThrow(/unknown type 9/);
  });
});
