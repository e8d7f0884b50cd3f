import { describe, expect, it } from "vitest";
import type { Container, Pod } from "../api/index.js";
import { FakeRuntime, type FakeRuntimeOptions } from "../runtime/fake/index.js";
import type { PodvisorEvent } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { ensureImage } from "./image-puller.js";
import { podEvents } from "./pod-events.js";

const app: Container = { name: "app", image: "registry.local/app:1" };
const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [app] } };

async function ensure(runtime: FakeRuntime, container: Container) {
  const seen: PodvisorEvent[] = [];
  const clock = new FakeClock();
  const outcome = await ensureImage(
    runtime,
    clock,
    container,
    podEvents(
      pod,
      (e) => seen.push(e),
      () => 0,
    ),
  );
  return { outcome, events: seen.map((e) => `${e.type} ${e.reason}: ${e.message}`) };
}

const pulling = (images: FakeRuntimeOptions) =>
  new FakeRuntime(new FakeClock(), { capabilities: { pullsImages: true }, ...images });

describe("the kubelet's image step (EnsureImageExists)", () => {
  it("a backend that pulls no images skips it: no pull, no event", async () => {
    const runtime = new FakeRuntime(new FakeClock());
    expect(await ensure(runtime, app)).toEqual({ outcome: { ok: true }, events: [] });
    expect(runtime.calls).toEqual([]);
  });

  it("IfNotPresent with the image present: Pulled, already present on machine", async () => {
    const runtime = pulling({ images: { present: ["registry.local/app:1"] } });
    expect((await ensure(runtime, app)).events).toEqual([
      'Normal Pulled: Container image "registry.local/app:1" already present on machine',
    ]);
    expect(runtime.calls).toEqual([]);
  });

  it("an absent image is pulled: Pulling, then Pulled; the runtime's reference becomes the imageID", async () => {
    const runtime = pulling({});
    const { outcome, events } = await ensure(runtime, app);
    expect(outcome).toEqual({ ok: true, imageRef: "registry.local/app:1" });
    expect(events).toEqual([
      'Normal Pulling: Pulling image "registry.local/app:1"',
      'Normal Pulled: Successfully pulled image "registry.local/app:1" in 0s',
    ]);
    expect(runtime.calls).toEqual([{ op: "pullImage", image: "registry.local/app:1" }]);
  });

  it("Always pulls even a present image", async () => {
    const runtime = pulling({ images: { present: ["registry.local/app:1"] } });
    await ensure(runtime, { ...app, imagePullPolicy: "Always" });
    expect(runtime.calls).toEqual([{ op: "pullImage", image: "registry.local/app:1" }]);
  });

  it("a failed pull is ErrImagePull with the runtime's message as it is (evalCRIPullErr); the event names the image", async () => {
    const runtime = pulling({ images: { failPull: { "registry.local/app:1": "manifest unknown" } } });
    const { outcome, events } = await ensure(runtime, app);
    expect(outcome).toEqual({
      ok: false,
      reason: "ErrImagePull",
      message: "manifest unknown",
    });
    expect(events).toEqual([
      'Normal Pulling: Pulling image "registry.local/app:1"',
      'Warning Failed: Failed to pull image "registry.local/app:1": manifest unknown',
    ]);
  });

  it("Never with the image absent is ErrImageNeverPull, without a pull", async () => {
    const runtime = pulling({});
    const { outcome, events } = await ensure(runtime, { ...app, imagePullPolicy: "Never" });
    expect(outcome).toMatchObject({ ok: false, reason: "ErrImageNeverPull" });
    expect(events).toEqual([
      'Warning ErrImageNeverPull: Container image "registry.local/app:1" is not present with pull policy of Never',
    ]);
    expect(runtime.calls).toEqual([]);
  });
});
