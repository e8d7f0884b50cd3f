/**
 * A pod's recorded revision for one SidecarSet (`kruise.io/sidecarset-hash`), as Kruise's
 * `GetPodSidecarSetRevision` reads it; the parse is cached per annotations object, which must
 * never hide a changed record.
 */
import { describe, expect, it } from "vitest";
import { kruiseAnnotations, type Pod } from "../../api/index.js";
import { podRecordedHash } from "./pod-revision-record.js";

const key = kruiseAnnotations.sidecarSetHash;

function podRecording(text: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", annotations: { [key]: text } },
    spec: { containers: [] },
  };
}

describe("podRecordedHash", () => {
  it('reads the object form and the pre-1.0 string form, and gives "" for no record or an unreadable one', () => {
    expect(podRecordedHash(podRecording('{"mesh":{"hash":"h1","sidecarSetName":"mesh"}}'), "mesh", key)).toBe(
      "h1",
    );
    expect(podRecordedHash(podRecording('{"mesh":"h0"}'), "mesh", key)).toBe("h0");
    expect(podRecordedHash(podRecording('{"other":"h0"}'), "mesh", key)).toBe("");
    expect(podRecordedHash(podRecording("not json"), "mesh", key)).toBe("");
  });

  it("reads a record changed in place again rather than answering from the cache", () => {
    const pod = podRecording('{"mesh":{"hash":"h1"}}');
    expect(podRecordedHash(pod, "mesh", key)).toBe("h1");
    pod.metadata.annotations![key] = '{"mesh":{"hash":"h2"}}';
    expect(podRecordedHash(pod, "mesh", key)).toBe("h2");
  });

  it("answers each SidecarSet of a cached record", () => {
    const pod = podRecording('{"a":{"hash":"ha"},"b":{"hash":"hb"}}');
    expect([podRecordedHash(pod, "a", key), podRecordedHash(pod, "b", key)]).toEqual(["ha", "hb"]);
  });
});
