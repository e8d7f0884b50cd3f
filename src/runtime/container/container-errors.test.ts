import { describe, expect, it } from "vitest";
import { EngineError, isNotRunningRefusal } from "./container-errors.js";

const kill = (status: number, message: string) =>
  new EngineError("POST", "/containers/c1/kill", status, message);

describe("a signal to a container that is not running is no fault (the kill's work is done)", () => {
  it.each([
    ["Docker's 409", kill(409, "Container c1 is not running")],
    [
      "Podman 4.3's 500, as it answers on this machine",
      kill(500, "can only kill running containers. c1 is in state exited: container state improper"),
    ],
    ["a container already removed (404)", kill(404, "no such container")],
  ])("%s", (_name, error) => {
    expect(isNotRunningRefusal(error)).toBe(true);
  });

  it.each([
    ["another 500", kill(500, "OCI runtime error: permission denied")],
    ["an unreachable engine", kill(0, "connect ENOENT /run/podman/podman.sock")],
    ["not an engine error at all", new Error("container state improper")],
  ])("%s is still a fault", (_name, error) => {
    expect(isNotRunningRefusal(error)).toBe(false);
  });
});
