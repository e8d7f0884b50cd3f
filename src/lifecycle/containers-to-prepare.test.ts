import { describe, expect, it } from "vitest";
import { containersToPrepare } from "./containers-to-prepare.js";
import { createPodRuntimeState } from "./initial-state.js";
import { observe } from "./observe.js";
import type { PodRuntimeState } from "./pod-state.js";
import { container, makePod, sidecar } from "./testing/make-pod.js";

const tag = { image: "busybox:1.36" };
const sandboxed = (state: PodRuntimeState) =>
  observe(state, { type: "sandboxReady", atMs: 0, podIP: "10.0.0.2" });

describe("which containers are prepared ahead of their turn", () => {
  const pod = makePod({
    init: [container("setup", tag), sidecar("proxy", tag)],
    containers: [container("app", tag), container("web", tag)],
  });

  it("none before the sandbox exists", () => {
    expect(containersToPrepare(pod, createPodRuntimeState(pod, 0))).toEqual([]);
  });

  it("every first instance still to come, in the engine's start order: init containers and sidecars, then regular ones", () => {
    expect(containersToPrepare(pod, sandboxed(createPodRuntimeState(pod, 0)))).toEqual([
      "setup",
      "proxy",
      "app",
      "web",
    ]);
  });

  it("not a container whose start is queued, starting, or that ran already", () => {
    let state = sandboxed(createPodRuntimeState(pod, 0));
    state = observe(state, { type: "containerStarting", name: "setup", atMs: 0, backoff: undefined });
    expect(containersToPrepare(pod, state, new Set(["proxy"]))).toEqual(["app", "web"]);
  });

  it("nothing once the pod terminates", () => {
    const state = observe(sandboxed(createPodRuntimeState(pod, 0)), {
      type: "terminationStarted",
      reason: "Deleted",
      atMs: 0,
      gracePeriodMs: 30_000,
    });
    expect(containersToPrepare(pod, state)).toEqual([]);
  });

  it("not a container pulled at its turn (Always, explicit or defaulted from :latest / no tag) nor one with a subPath or subPathExpr mount", () => {
    const mixed = makePod({
      containers: [
        container("latest", { image: "busybox:latest" }),
        container("untagged", { image: "busybox" }),
        container("always", { ...tag, imagePullPolicy: "Always" }),
        container("digest", { image: "busybox@sha256:abc" }),
        container("sub", { ...tag, volumeMounts: [{ name: "w", mountPath: "/w", subPath: "a" }] }),
        container("expr", { ...tag, volumeMounts: [{ name: "w", mountPath: "/w", subPathExpr: "$(X)" }] }),
        container("whole", { ...tag, volumeMounts: [{ name: "w", mountPath: "/w" }] }),
        container("never", { image: "busybox", imagePullPolicy: "Never" }),
      ],
    });
    expect(containersToPrepare(mixed, sandboxed(createPodRuntimeState(mixed, 0)))).toEqual([
      "digest",
      "whole",
      "never",
    ]);
  });
});
