import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import {
  inPlaceUpdateStateAnnotation,
  readInPlaceUpdateStates,
  recordInPlaceUpdate,
} from "./inplace-update-state.js";

function podWithState(state: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", annotations: { [inPlaceUpdateStateAnnotation]: state } },
    spec: { containers: [{ name: "proxy", image: "proxy:2" }] },
    status: { containerStatuses: [{ name: "proxy", image: "proxy:1", imageID: "sha256:one" }] },
  } as unknown as Pod;
}

const recorded =
  '{"mesh":{"revision":"r1","updateTimestamp":"2026-01-01T00:00:00Z","lastContainerStatuses":{"proxy":{"imageID":"sha256:zero"}}}}';

describe("kruise.io/sidecarset-inplace-update-state", () => {
  it("reads the states each SidecarSet recorded; absent and unreadable annotations say so", () => {
    const states = readInPlaceUpdateStates(podWithState(recorded));
    expect(states).not.toBeTypeOf("string");
    expect((states as ReadonlyMap<string, unknown>).get("mesh")).toMatchObject({
      revision: "r1",
      lastContainerStatuses: { proxy: { imageID: "sha256:zero" } },
    });
    const bare = podWithState(recorded);
    bare.metadata.annotations = {};
    expect(readInPlaceUpdateStates(bare)).toBe("absent");
    expect(readInPlaceUpdateStates(podWithState("{not json"))).toBe("invalid");
  });

  it("recording an update leaves the states read before unchanged (they are shared by every plan)", () => {
    const pod = podWithState(recorded);
    const before = readInPlaceUpdateStates(pod);
    const text = recordInPlaceUpdate(pod, "mesh", "r2", ["proxy"], "2026-01-02T00:00:00Z");
    expect(JSON.parse(text)).toEqual({
      mesh: {
        revision: "r1",
        updateTimestamp: "2026-01-01T00:00:00Z",
        lastContainerStatuses: { proxy: { imageID: "sha256:one" } },
      },
    });
    expect(readInPlaceUpdateStates(pod)).toBe(before);
    expect((before as ReadonlyMap<string, { lastContainerStatuses: unknown }>).get("mesh")).toMatchObject({
      lastContainerStatuses: { proxy: { imageID: "sha256:zero" } },
    });
  });

  it("an annotation changed in place on the same object is read again", () => {
    const pod = podWithState(recorded);
    expect(readInPlaceUpdateStates(pod)).not.toBe("invalid");
    pod.metadata.annotations![inPlaceUpdateStateAnnotation] = "[]";
    expect(readInPlaceUpdateStates(pod)).toBe("invalid");
  });
});
