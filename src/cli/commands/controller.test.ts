import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../shared/index.js";
import { parseMetricsAddr } from "./controller.js";

describe("podvisor controller --metrics-addr (kruise-manager's spelling)", () => {
  it.each([
    [":8080", { host: "0.0.0.0", port: 8080 }],
    ["127.0.0.1:0", { host: "127.0.0.1", port: 0 }],
    ["[::1]:9090", { host: "::1", port: 9090 }],
    ["0", undefined],
  ])("%s means %j", (text, expected) => {
    expect(parseMetricsAddr(text)).toEqual(expected);
  });

  it("refuses an address without a port, naming the accepted forms", () => {
    expect(() => parseMetricsAddr("localhost")).toThrow(InvalidInputError);
    expect(() => parseMetricsAddr("localhost")).toThrow(/HOST:PORT, :PORT or 0/);
  });
});
