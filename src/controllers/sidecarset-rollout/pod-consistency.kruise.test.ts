/**
 * Kruise's sidecarcontrol tests, restated by name (pkg/control/sidecarcontrol/util_test.go):
 * TestIsSidecarContainerUpdateCompleted, TestGetPodSidecarSetRevision, TestUpdatePodSidecarSetHash.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { inPlaceUpdateStateAnnotation, recordInPlaceUpdate } from "./inplace-update-state.js";
import { isSidecarContainerUpdateCompleted } from "./pod-consistency.js";
import { podRecordedHash, rewriteRevisionRecord } from "./pod-revision-record.js";

const imageIds: Record<string, string> = {
  "main:v1": "4120593193b4",
  "cold-sidecar:v1": "docker-pullable://cold-sidecar@sha256:9ead06a1362e",
  "cold-sidecar:v2": "docker-pullable://cold-sidecar@sha256:7223aa0f3a7a",
  "hot-sidecar:v1": "docker-pullable://hot-sidecar@sha256:86618128c92e",
  "hot-sidecar:v2": "docker-pullable://hot-sidecar@sha256:74abd85af1e9",
  "hotupgrade:empty": "docker-pullable://hotupgrade@sha256:0e9daf5c02e7",
};
const names = ["main", "cold-sidecar", "hot-sidecar-1", "hot-sidecar-2"];
const images = ["main:v1", "cold-sidecar:v1", "hot-sidecar:v1", "hotupgrade:empty"];

/** util_test.go `podDemo`. */
function podDemo(): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "test-pod-1",
      namespace: "default",
      labels: { app: "nginx" },
      annotations: {},
      resourceVersion: "495711227",
    },
    spec: { containers: names.map((name, i) => ({ name, image: images[i]! })) },
    status: {
      phase: "Running",
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: names.map((name, i) => ({
        name,
        image: images[i]!,
        imageID: imageIds[images[i]!]!,
        ready: true,
        restartCount: 0,
      })),
    },
  };
}

const setName = "test-sidecarset";
const ts = "2026-01-01T00:00:00Z";
/** `control.UpdatePodAnnotationsInUpgrade(changed, pod)` with sidecarSetDemo (hash "bbb"). */
const recordUpgrade = (pod: Pod, changed: string[]) => {
  pod.metadata.annotations![inPlaceUpdateStateAnnotation] = recordInPlaceUpdate(
    pod,
    setName,
    "bbb",
    changed,
    ts,
  );
};
/** `UpdatePodSidecarSetHash(pod, sidecarSetDemo)`. */
const rewriteRecord = (pod: Pod) => {
  pod.metadata.annotations = rewriteRevisionRecord(pod.metadata.annotations ?? {}, {
    sidecarSetName: setName,
    hash: "bbb",
    sidecarList: ["cold-sidecar", "hot-sidecar"],
    controllerRevision: "",
    timestamp: ts,
  });
};
const upgradeCold = (pod: Pod, isComplete: boolean) => {
  pod.spec.containers[1]!.image = "cold-sidecar:v2";
  rewriteRecord(pod);
  recordUpgrade(pod, ["cold-sidecar"]);
  if (isComplete) pod.status!.containerStatuses![1]!.imageID = imageIds["cold-sidecar:v2"]!;
};

/** The cold sidecar upgraded and running, then the hot sidecar's steps up to `stage`. */
const upgradeHot = (stage: "slot2Changed" | "slot2Running" | "slot1Reset" | "slot1Running"): Pod => {
  const pod = podDemo();
  upgradeCold(pod, true);
  pod.spec.containers[3]!.image = "hot-sidecar:v2";
  recordUpgrade(pod, ["hot-sidecar-2"]);
  if (stage === "slot2Changed") return pod;
  pod.status!.containerStatuses![3]!.imageID = imageIds["hot-sidecar:v2"]!;
  if (stage === "slot2Running") return pod;
  pod.spec.containers[2]!.image = "hotupgrade:empty";
  recordUpgrade(pod, ["hot-sidecar-1"]);
  if (stage === "slot1Reset") return pod;
  pod.status!.containerStatuses![2]!.imageID = imageIds["hotupgrade:empty"]!;
  return pod;
};

describe("TestIsSidecarContainerUpdateCompleted", () => {
  const sidecars = new Set(["cold-sidecar", "hot-sidecar-1", "hot-sidecar-2"]);
  const cases: { name: string; pod: () => Pod; expected: boolean }[] = [
    { name: "only inject sidecar, not upgrade", pod: podDemo, expected: true },
    {
      name: "upgrade cold sidecar, upgrade not completed",
      pod: () => {
        const pod = podDemo();
        upgradeCold(pod, false);
        return pod;
      },
      expected: false,
    },
    {
      name: "upgrade cold sidecar, upgrade completed",
      pod: () => {
        const pod = podDemo();
        upgradeCold(pod, true);
        return pod;
      },
      expected: true,
    },
    {
      name: "upgrade hot sidecar, upgrade hot-sidecar-2 not completed",
      pod: () => upgradeHot("slot2Changed"),
      expected: false,
    },
    {
      name: "upgrade hot sidecar, upgrade hot-sidecar-1 not completed",
      pod: () => upgradeHot("slot1Reset"),
      expected: false,
    },
    {
      name: "upgrade hot sidecar, upgrade hot-sidecar completed",
      pod: () => upgradeHot("slot1Running"),
      expected: true,
    },
  ];
  it.each(cases)("$name", ({ pod, expected }) => {
    expect(isSidecarContainerUpdateCompleted(pod(), setName, sidecars)).toBe(expected);
  });
});

const withRecords = (hash: string, withoutImage: string): Pod => {
  const pod = podDemo();
  pod.metadata.annotations = {
    "kruise.io/sidecarset-hash": hash,
    "kruise.io/sidecarset-hash-without-image": withoutImage,
  };
  return pod;
};
const recordCases = [
  {
    name: "normal sidecarSet revision",
    pod: () =>
      withRecords(`{"test-sidecarset":{"hash":"aaa"}}`, `{"test-sidecarset":{"hash":"without-image-aaa"}}`),
    revision: "aaa",
    withoutImage: "without-image-aaa",
    rewrittenWithoutImage: "without-image-aaa",
  },
  {
    name: "older sidecarSet revision",
    pod: () => withRecords(`{"test-sidecarset": "aaa"}`, `{"test-sidecarset": "without-image-aaa"}`),
    revision: "aaa",
    withoutImage: "without-image-aaa",
    rewrittenWithoutImage: "without-image-aaa",
  },
  {
    name: "failed sidecarSet revision",
    pod: () => withRecords("failed-sidecarset-hash", "failed-sidecarset-hash"),
    revision: "",
    withoutImage: "",
    rewrittenWithoutImage: undefined,
  },
];

describe("TestGetPodSidecarSetRevision", () => {
  it.each(recordCases)("$name", ({ pod, revision, withoutImage }) => {
    expect(podRecordedHash(pod(), setName, "kruise.io/sidecarset-hash")).toBe(revision);
    expect(podRecordedHash(pod(), setName, "kruise.io/sidecarset-hash-without-image")).toBe(withoutImage);
  });
});

describe("TestUpdatePodSidecarSetHash", () => {
  it.each(recordCases)("$name", ({ pod: makePod, rewrittenWithoutImage }) => {
    const pod = makePod();
    rewriteRecord(pod);
    const records = JSON.parse(pod.metadata.annotations!["kruise.io/sidecarset-hash"]!) as Record<
      string,
      { hash: string }
    >;
    expect(records[setName]?.hash).toBe("bbb");
    // Kruise checks the without-image record only where one was readable; it is never emptied.
    if (rewrittenWithoutImage !== undefined) {
      const withoutImage = JSON.parse(
        pod.metadata.annotations!["kruise.io/sidecarset-hash-without-image"]!,
      ) as Record<string, { hash: string }>;
      expect(withoutImage[setName]?.hash).toBe(rewrittenWithoutImage);
    }
  });

  it("writes the record in Kruise's format: updateTimestamp, hash, sidecarSetName, sidecarList, controllerRevision", () => {
    const annotations = rewriteRevisionRecord(
      {
        "kruise.io/sidecarset-hash": `{"other":{"updateTimestamp":null,"hash":"x","sidecarSetName":"other","sidecarList":null}}`,
      },
      {
        sidecarSetName: setName,
        hash: "bbb",
        sidecarList: ["a", "b"],
        controllerRevision: "test-sidecarset-7b5c",
        timestamp: ts,
      },
    );
    expect(annotations["kruise.io/sidecarset-hash"]).toBe(
      `{"other":{"updateTimestamp":null,"hash":"x","sidecarSetName":"other","sidecarList":null},` +
        `"test-sidecarset":{"updateTimestamp":"${ts}","hash":"bbb","sidecarSetName":"test-sidecarset","sidecarList":["a","b"],"controllerRevision":"test-sidecarset-7b5c"}}`,
    );
  });
});
