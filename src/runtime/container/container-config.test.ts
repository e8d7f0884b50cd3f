import { describe, expect, it } from "vitest";
import {
  containerCreateBody,
  mergeEnv,
  resolveArgv,
  resolveStopSignal,
  sandboxHostConfig,
  type CreateBodyInput,
} from "./container-config.js";

const image = { entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"] };

describe("command and args over the image's ENTRYPOINT and CMD (Kubernetes' table)", () => {
  // https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
  it.each([
    [
      "neither command nor args: the image's ENTRYPOINT and CMD",
      {},
      ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
    ],
    ["command alone: replaces ENTRYPOINT and drops CMD", { command: ["/bin/sh"] }, ["/bin/sh"]],
    ["args alone: ENTRYPOINT with args instead of CMD", { args: ["-v"] }, ["/docker-entrypoint.sh", "-v"]],
    ["command and args: both, the image's ignored", { command: ["echo"], args: ["hi"] }, ["echo", "hi"]],
    [
      "empty lists count as unset",
      { command: [], args: [] },
      ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
    ],
  ])("%s", (_name, spec, argv) => {
    expect(resolveArgv(spec, image)).toEqual(argv);
  });
});

describe("the stop signal", () => {
  it.each([
    ["the spec's wins over the image's", "SIGUSR1", "SIGQUIT", "SIGUSR1"],
    ["the image's STOPSIGNAL by name", undefined, "SIGQUIT", "SIGQUIT"],
    [
      "the image's STOPSIGNAL without SIG prefix (Docker keeps what the Dockerfile said)",
      undefined,
      "quit",
      "SIGQUIT",
    ],
    ["the image's STOPSIGNAL as a number (Podman stores it so)", undefined, "10", "SIGUSR1"],
    ["neither: SIGTERM", undefined, undefined, "SIGTERM"],
  ])("%s", (_name, spec, fromImage, expected) => {
    expect(resolveStopSignal(spec, fromImage)).toBe(expected);
  });
});

describe("the create body", () => {
  const input: CreateBodyInput = {
    spec: {
      name: "app",
      image: "nginx:1.27",
      args: ["-c", "/etc/app.conf"],
      env: [
        ["A", "1"],
        ["B", "2"],
        ["A", "3"],
      ],
      workingDir: "/srv",
      mounts: [{ volume: "data", mountPath: "/data", readOnly: true, subPath: "sub" }],
    },
    image: { id: "sha256:abc", ...image, stopSignal: "SIGQUIT" },
    pod: { uid: "u-1", name: "web", namespace: "default" },
    run: { id: "run-1", pid: 42 },
    namespaces: { infraId: "infra1", sharesProcessNamespace: false, canJoinUts: true },
    volumeDirs: { data: "/state/pods/u-1/volumes/data" },
  };

  it("joins the sandbox's namespaces, labels the pod and run, and binds volumes (subPath, read-only)", () => {
    const { body, stopSignal } = containerCreateBody(input);
    expect(stopSignal).toBe("SIGQUIT");
    expect(body).toEqual({
      Image: "sha256:abc",
      Entrypoint: ["/docker-entrypoint.sh"],
      Cmd: ["-c", "/etc/app.conf"],
      Env: ["A=3", "B=2"],
      WorkingDir: "/srv",
      StopSignal: "SIGQUIT",
      Labels: {
        "io.podvisor.run": "run-1",
        "io.podvisor.run-pid": "42",
        "io.podvisor.role": "container",
        "io.kubernetes.pod.uid": "u-1",
        "io.kubernetes.pod.name": "web",
        "io.kubernetes.pod.namespace": "default",
        "io.kubernetes.container.name": "app",
      },
      HostConfig: {
        NetworkMode: "container:infra1",
        IpcMode: "container:infra1",
        UTSMode: "container:infra1",
        Mounts: [
          { Type: "bind", Source: "/state/pods/u-1/volumes/data/sub", Target: "/data", ReadOnly: true },
        ],
      },
    });
  });

  it("no command anywhere is CreateContainerError naming the container, the image and the fix", () => {
    expect(() =>
      containerCreateBody({
        ...input,
        spec: { ...input.spec, args: [] },
        image: { id: "x", entrypoint: [], cmd: [] },
      }),
    ).toThrow(
      /container "app": no command specified: image "nginx:1.27" has no ENTRYPOINT or CMD; set command/,
    );
  });

  it("a mount of a volume the pod does not have is CreateContainerConfigError", () => {
    expect(() => containerCreateBody({ ...input, volumeDirs: {} })).toThrow(
      expect.objectContaining({ reason: "CreateContainerConfigError" }) as Error,
    );
  });
});

describe("the sandbox's namespaces (dockershim's container:<infra> modes)", () => {
  it("shareProcessNamespace joins the infra's pid namespace too", () => {
    expect(sandboxHostConfig({ infraId: "i", sharesProcessNamespace: true, canJoinUts: false })).toEqual({
      NetworkMode: "container:i",
      IpcMode: "container:i",
      PidMode: "container:i",
    });
  });
});

describe("mergeEnv", () => {
  it("keeps one entry per name, the last value, in first-appearance order", () => {
    expect(
      mergeEnv([
        ["X", "1"],
        ["Y", ""],
        ["X", "a=b"],
      ]),
    ).toEqual(["X=a=b", "Y="]);
  });
});
