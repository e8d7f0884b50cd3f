/**
 * Kruise's revision tests, restated by name (pkg/controller/sidecarset/sidecarset_processor_test.go):
 * TestGetActiveRevisions (against a store that carries the plans out), TestTruncateHistory; and
 * the revision name checked against Go's own encoding/json and hash/fnv.
 */
import { describe, expect, it } from "vitest";
import type { SidecarSet } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import { controllerRevisionHash, goMapJson, newControllerRevision } from "./controller-revision.js";
import { planRevisionHistory, truncateHistory } from "./revision-history.js";
import type { StoredControllerRevision } from "./revision-history.js";
import { factoryPodsCommon, factorySidecarSet } from "./testing/kruise-fixtures.js";

/** The API server: applies a plan to the stored revisions, as the adapter would. */
function register(sidecarSet: SidecarSet, store: StoredControllerRevision[]) {
  const plan = planRevisionHistory(sidecarSet, store, [], "kruise-system");
  if (plan.create)
    store.push({
      name: plan.create.metadata.name,
      revision: plan.create.revision,
      data: plan.create.data,
      labels: plan.create.metadata.labels,
    });
  if (plan.renumber) store.find((r) => r.name === plan.renumber!.name)!.revision = plan.renumber.revision;
  for (const name of plan.deleteRevisions)
    store.splice(
      store.findIndex((r) => r.name === name),
      1,
    );
  return { plan, latest: store.find((r) => r.name === plan.latestRevision)! };
}

describe("TestGetActiveRevisions", () => {
  const sidecarSet = factorySidecarSet();
  sidecarSet.metadata.uid = "1223344";
  const store: StoredControllerRevision[] = [];

  it("case 1: in case of create, the latest revision is 1", () => {
    expect(register(sidecarSet, store).latest.revision).toBe(1);
  });

  it("case 2: in case of update, the latest revision is 2, however often it is registered, and it stores the spec", () => {
    const updated = structuredClone(sidecarSet);
    updated.spec.initContainers = [{ name: "emptyInitC" }];
    updated.spec.volumes = [{ name: "emptyVolume" }];
    updated.spec.imagePullSecrets = [{ name: "emptySecret" }];
    for (let i = 0; i < 5; i++) {
      const { latest } = register(updated, store);
      expect(latest.revision).toBe(2);
      expect(Object.keys((latest.data as { spec: object }).spec)).toEqual(
        expect.arrayContaining(["volumes", "containers", "initContainers", "imagePullSecrets"]),
      );
    }
  });

  it("case 3: in case of rollback, the first revision becomes revision 3", () => {
    for (let i = 0; i < 5; i++) {
      const { plan, latest } = register(sidecarSet, store);
      expect(latest.revision).toBe(3);
      expect(plan.create).toBeUndefined();
    }
  });

  it("case 4: in case of maxStoredRevisions, revisionHistoryLimit revisions are kept", () => {
    const changing = structuredClone(sidecarSet);
    for (let i = 0; i < 100; i++) {
      changing.spec.containers![0]!.image = String(i);
      register(changing, store);
    }
    expect(store).toHaveLength(10);
  });
});

describe("TestTruncateHistory", () => {
  const sidecarSet = factorySidecarSet();
  sidecarSet.metadata.name = "sidecar";
  const nameOf = (i: number) => `sidecar-${i}`;
  const reset = (usedCount: number): [Pod[], StoredControllerRevision[]] => {
    const pods = factoryPodsCommon(100, 0, sidecarSet).map((pod, i) => {
      pod.metadata.annotations!["kruise.io/sidecarset-hash"] = JSON.stringify({
        sidecar: {
          updateTimestamp: null,
          hash: "",
          sidecarSetName: "",
          sidecarList: null,
          controllerRevision: nameOf((i % usedCount) + 1),
        },
      });
      return pod;
    });
    const revisions = Array.from({ length: 15 }, (_, i) => ({
      name: nameOf(i + 1),
      revision: i + 1,
      data: {},
    }));
    return [pods, revisions];
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])("%i revisions in use: truncated to 10", (used) => {
    const [pods, revisions] = reset(used);
    const result = truncateHistory(sidecarSet, revisions, pods);
    expect(result.error).toBeUndefined();
    expect(revisions.length - result.deleteRevisions.length).toBe(10);
  });

  it.each([
    [10, 11],
    [11, 12],
    [14, 15],
    [15, 15],
    [20, 15],
  ])("%i revisions in use: cannot limit, %i remain", (used, actual) => {
    const [pods, revisions] = reset(used);
    expect(truncateHistory(sidecarSet, revisions, pods).error).toBe(
      `failed to limit the number of stored revisions, limited: 10, actual: ${actual}, name: sidecar`,
    );
  });

  it("check revisions exactly: the 8 in use and the 2 newest remain", () => {
    const [pods, revisions] = reset(8);
    const deleted = new Set(truncateHistory(sidecarSet, revisions, pods).deleteRevisions);
    expect(revisions.filter((r) => !deleted.has(r.name)).map((r) => r.name)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map(nameOf),
      nameOf(14),
      nameOf(15),
    ]);
  });
});

describe("the revision's bytes and name are Go's", () => {
  it("json.Marshal of the generic map and fnv.New32 give the same text and hash (checked with go run)", () => {
    const data = {
      spec: {
        volumes: [{ name: "v", configMap: { name: "c", defaultMode: 420 } }],
        $patch: "replace",
        containers: [{ name: "a<b>&c", image: "x:1", resources: {} }],
        imagePullSecrets: null,
        initContainers: null,
        patchPodMetadata: [{ annotations: { z: "1", a: "2" }, patchPolicy: "Retain" }],
      },
    };
    const text = goMapJson(data);
    expect(text).toBe(
      `{"spec":{"$patch":"replace","containers":[{"image":"x:1","name":"a\\u003cb\\u003e\\u0026c","resources":{}}],` +
        `"imagePullSecrets":null,"initContainers":null,"patchPodMetadata":[{"annotations":{"a":"2","z":"1"},"patchPolicy":"Retain"}],` +
        `"volumes":[{"configMap":{"defaultMode":420,"name":"c"},"name":"v"}]}}`,
    );
    expect(controllerRevisionHash(text, 3)).toBe("788b7c9f74");
  });

  it("a new revision is named <sidecarset>-<hash> and labelled for its SidecarSet", () => {
    const revision = newControllerRevision(factorySidecarSet(), "kruise-system", 1, 0);
    expect(revision.metadata.name).toMatch(/^test-sidecarset-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(revision.metadata.labels).toMatchObject({
      "kruise.io/sidecarset-name": "test-sidecarset",
      "controller.kubernetes.io/hash": revision.metadata.name.slice("test-sidecarset-".length),
    });
    expect(revision.metadata.annotations["kruise.io/sidecarset-hash"]).toBe("bbb");
  });

  it("a stored revision of the same name with other data moves the name on by the collision count", () => {
    const sidecarSet = factorySidecarSet();
    const clash = newControllerRevision(sidecarSet, "kruise-system", 1, 0);
    const stored = [{ name: clash.metadata.name, revision: 1, data: { other: true } }];
    const plan = planRevisionHistory(sidecarSet, stored, [], "kruise-system");
    expect(plan.collisionCount).toBe(1);
    expect(plan.create?.metadata.name).toBe(
      newControllerRevision(sidecarSet, "kruise-system", 2, 1).metadata.name,
    );
    expect(plan.latestRevision).not.toBe(clash.metadata.name);
  });
});
