import { describe, expect, it } from "vitest";
import type { ContainerLaunchSpec } from "../port.js";
import { checkCommands } from "./check-commands.js";

const launch = (extra: Partial<ContainerLaunchSpec> & Pick<ContainerLaunchSpec, "name" | "argv">) => ({
  image: "busybox",
  env: [],
  mounts: [],
  stopSignal: "SIGTERM" as const,
  ...extra,
});

describe("checkCommands (process backend preflight)", () => {
  it("names every container without command at once, with its field path — a sidecar with args but no command too", () => {
    const launches: ContainerLaunchSpec[] = [
      launch({ name: "setup", argv: ["true"], fieldPath: "spec.initContainers[0]" }),
      launch({
        name: "proxy",
        image: "envoy",
        argv: ["--config", "/etc/envoy.yaml"],
        usesImageEntrypoint: true,
        fieldPath: "spec.initContainers[1]",
      }),
      launch({ name: "ok", argv: ["sleep", "60"], fieldPath: "spec.containers[0]" }),
      launch({
        name: "app",
        image: "nginx",
        argv: [],
        usesImageEntrypoint: true,
        fieldPath: "spec.containers[1]",
      }),
    ];
    expect(checkCommands(launches)).toEqual([
      'spec.initContainers[1].command: Required value: container "proxy" has no command (CreateContainerError): the process backend has no image filesystem to take an entrypoint from; set command (and args) for image "envoy"',
      'spec.containers[1].command: Required value: container "app" has no command (CreateContainerError): the process backend has no image filesystem to take an entrypoint from; set command (and args) for image "nginx"',
    ]);
  });

  it("a pod whose containers all give a command has no problem", () => {
    expect(checkCommands([launch({ name: "ok", argv: ["true"] })])).toEqual([]);
  });
});
