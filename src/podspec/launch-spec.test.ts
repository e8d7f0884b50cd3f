import { describe, expect, it } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { buildLaunchSpec } from "./launch-spec.js";

const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [] } };

describe("buildLaunchSpec", () => {
  it("joins command and args and expands $(VAR) against the container env", () => {
    const container: Container = {
      name: "app",
      image: "busybox",
      command: ["sh", "-c"],
      args: ["echo $(GREETING) $$(GREETING) $(UNSET)"],
      workingDir: "/work",
    };
    const spec = buildLaunchSpec(pod, container, [
      ["GREETING", "first"],
      ["GREETING", "hello"],
    ]);
    expect(spec).toEqual({
      name: "app",
      image: "busybox",
      argv: ["sh", "-c", "echo hello $(GREETING) $(UNSET)"],
      env: [
        ["GREETING", "first"],
        ["GREETING", "hello"],
      ],
      workingDir: "/work",
      mounts: [],
      stopSignal: "SIGTERM",
    });
  });

  it("maps volumeMounts, expanding subPathExpr into subPath", () => {
    const container: Container = {
      name: "app",
      volumeMounts: [
        { name: "data", mountPath: "/data", readOnly: true },
        { name: "logs", mountPath: "/logs", subPathExpr: "$(POD_NAME)" },
        { name: "cfg", mountPath: "/etc/app.conf", subPath: "app.conf" },
      ],
    };
    expect(buildLaunchSpec(pod, container, [["POD_NAME", "web"]]).mounts).toEqual([
      { volume: "data", mountPath: "/data", readOnly: true },
      { volume: "logs", mountPath: "/logs", readOnly: false, subPath: "web" },
      { volume: "cfg", mountPath: "/etc/app.conf", readOnly: false, subPath: "app.conf" },
    ]);
  });

  it("takes the stop signal from lifecycle.stopSignal, else SIGTERM", () => {
    expect(buildLaunchSpec(pod, { name: "a", lifecycle: { stopSignal: "SIGINT" } }, []).stopSignal).toBe(
      "SIGINT",
    );
    expect(buildLaunchSpec(pod, { name: "a" }, []).stopSignal).toBe("SIGTERM");
    expect(buildLaunchSpec(pod, { name: "a" }, []).argv).toEqual([]);
  });
});

describe("buildLaunchSpec for backends without images", () => {
  const withInit: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web" },
    spec: {
      initContainers: [{ name: "proxy", restartPolicy: "Always", args: ["--config", "/etc/envoy.yaml"] }],
      containers: [{ name: "app", command: ["serve"] }],
    },
  };

  it("marks a container with args but no command as using the image's entrypoint, and says where it sits", () => {
    const spec = buildLaunchSpec(withInit, withInit.spec.initContainers?.[0] ?? { name: "?" }, []);
    expect(spec).toMatchObject({
      argv: ["--config", "/etc/envoy.yaml"],
      usesImageEntrypoint: true,
      fieldPath: "spec.initContainers[0]",
    });
  });

  it("a container with a command does not use the image's entrypoint", () => {
    const spec = buildLaunchSpec(withInit, { name: "app", command: ["serve"] }, []);
    expect(spec.usesImageEntrypoint).toBeUndefined();
    expect(spec.fieldPath).toBe("spec.containers[0]");
  });
});
