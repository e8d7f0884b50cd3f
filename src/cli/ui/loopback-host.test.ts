import { describe, expect, it } from "vitest";
import { isAllowedHost, loopbackListenAddress } from "./loopback-host.js";

describe("the UI listens on loopback only", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["127.3.4.5", "127.3.4.5"],
    ["::1", "::1"],
    ["localhost", "127.0.0.1"],
  ])("%s is a loopback address to listen on", (address, listen) => {
    expect(loopbackListenAddress(address)).toBe(listen);
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "", "128.0.0.1"])(
    "%s is refused: it would serve other machines, or is no address",
    (address) => {
      expect(loopbackListenAddress(address)).toBeUndefined();
    },
  );
});

describe("the Host header must name the bound address (DNS-rebinding defence)", () => {
  it("the bound address and localhost, with the bound port, are allowed", () => {
    expect(isAllowedHost("127.0.0.1:7777", "127.0.0.1", 7777)).toBe(true);
    expect(isAllowedHost("LOCALHOST:7777", "127.0.0.1", 7777)).toBe(true);
    expect(isAllowedHost("[::1]:7777", "::1", 7777)).toBe(true);
  });

  it("another name resolving to 127.0.0.1, another port, or no Host at all is refused", () => {
    expect(isAllowedHost("attacker.example:7777", "127.0.0.1", 7777)).toBe(false);
    expect(isAllowedHost("127.0.0.1:8080", "127.0.0.1", 7777)).toBe(false);
    expect(isAllowedHost("127.0.0.1", "127.0.0.1", 7777)).toBe(false);
    expect(isAllowedHost("127.0.0.2:7777", "127.0.0.1", 7777)).toBe(false);
    expect(isAllowedHost(undefined, "127.0.0.1", 7777)).toBe(false);
  });
});
