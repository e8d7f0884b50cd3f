/**
 * Kruise's strategy tests, restated by name (pkg/controller/sidecarset/sidecarset_strategy_test.go):
 * TestGetNextUpgradePods, TestParseUpdateScatterTerms, TestSortNextUpgradePods.
 */
import { describe, expect, it } from "vitest";
import type { SidecarSet } from "../../api/index.js";
import type { Pod } from "../../api/index.js";
import { getNextUpgradePods } from "./next-upgrade-pods.js";
import { podFactsOf } from "./pod-facts.js";
import { buildRolloutContext } from "./rollout-context.js";
import { rolloutStrategyOf } from "./rollout-strategy.js";
import type { RolloutUpdateStrategy } from "./rollout-strategy.js";
import { parseUpdateScatterTerms } from "./scatter-sort.js";
import {
  factoryPods,
  factorySidecarSet,
  factorySidecarSetNotUpgradable,
  shuffled,
} from "./testing/kruise-fixtures.js";

/** `strategy.GetNextUpgradePods(control, pods)`: the pods to upgrade and the not upgradable ones. */
function nextUpgradePods(sidecarSet: SidecarSet, pods: Pod[]) {
  const context = buildRolloutContext(sidecarSet, "");
  const strategy = rolloutStrategyOf(sidecarSet);
  const facts = pods.map((pod) => podFactsOf(context, pod, strategy.selector));
  const next = getNextUpgradePods(strategy, facts);
  return {
    upgrade: next.upgrade.map((i) => pods[i]!.metadata.name),
    notUpgradable: next.notUpgradable.map((i) => pods[i]!.metadata.name),
  };
}

function withStrategy(sidecarSet: SidecarSet, strategy: RolloutUpdateStrategy): SidecarSet {
  sidecarSet.spec.updateStrategy = { ...sidecarSet.spec.updateStrategy, ...strategy };
  return sidecarSet;
}

describe("TestGetNextUpgradePods", () => {
  const cases: {
    name: string;
    pods: () => Pod[];
    sidecarSet: () => SidecarSet;
    upgrade: number;
    notUpgradable: number;
  }[] = [
    {
      name: "only maxUnavailable(int=10), and pods(count=100, upgraded=30, upgradedAndReady=26)",
      pods: () => shuffled(factoryPods(100, 30, 26)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 10 }),
      upgrade: 6,
      notUpgradable: 0,
    },
    {
      name: "only maxUnavailable(string=10%), and pods(count=1000, upgraded=300, upgradedAndReady=260)",
      pods: () => shuffled(factoryPods(1000, 300, 260)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: "10%" }),
      upgrade: 60,
      notUpgradable: 0,
    },
    {
      name: "only maxUnavailable(string=5%), and pods(count=1000, upgraded=300, upgradedAndReady=250)",
      pods: () => shuffled(factoryPods(1000, 300, 250)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: "5%" }),
      upgrade: 0,
      notUpgradable: 0,
    },
    {
      name: "only maxUnavailable(int=100), and pods(count=100, upgraded=30, upgradedAndReady=27)",
      pods: () => shuffled(factoryPods(100, 30, 27)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 100 }),
      upgrade: 70,
      notUpgradable: 0,
    },
    {
      name: "partition(int=180) maxUnavailable(int=100), and pods(count=1000, upgraded=800, upgradedAndReady=760)",
      pods: () => shuffled(factoryPods(1000, 800, 760)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 100, partition: 180 }),
      upgrade: 20,
      notUpgradable: 0,
    },
    {
      name: "partition(int=100) maxUnavailable(int=100), and pods(count=1000, upgraded=800, upgradedAndReady=760)",
      pods: () => shuffled(factoryPods(1000, 800, 760)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 100, partition: 100 }),
      upgrade: 60,
      notUpgradable: 0,
    },
    {
      name: "partition(string=18%) maxUnavailable(int=100), and pods(count=1000, upgraded=800, upgradedAndReady=760)",
      pods: () => shuffled(factoryPods(1000, 800, 760)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 100, partition: "18%" }),
      upgrade: 20,
      notUpgradable: 0,
    },
    {
      name: "partition(string=10%) maxUnavailable(int=100), and pods(count=1000, upgraded=800, upgradedAndReady=760)",
      pods: () => shuffled(factoryPods(1000, 800, 760)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 100, partition: "10%" }),
      upgrade: 60,
      notUpgradable: 0,
    },
    {
      name: "selector(app=test, count=30) maxUnavailable(int=100), and pods(count=1000, upgraded=0, upgradedAndReady=0)",
      pods: () => {
        const pods = factoryPods(1000, 0, 0);
        for (let i = 0; i < 30; i++) pods[i]!.metadata.labels!.app = "test";
        return shuffled(pods);
      },
      sidecarSet: () =>
        withStrategy(factorySidecarSet(), {
          maxUnavailable: 100,
          selector: { matchLabels: { app: "test" } },
        }),
      upgrade: 30,
      notUpgradable: 0,
    },
    {
      name: "not upgradable sidecarset, maxUnavailable(int=100), and pods(count=100, upgraded=0, upgradedAndReady=0)",
      pods: () => shuffled(factoryPods(100, 0, 0)),
      sidecarSet: () => withStrategy(factorySidecarSetNotUpgradable(), { maxUnavailable: 100 }),
      upgrade: 0,
      notUpgradable: 100,
    },
    {
      name: "only maxUnavailable(5%), and pods(count=5, upgraded=0, upgradedAndReady=0)",
      pods: () => shuffled(factoryPods(5, 0, 0)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: "5%" }),
      upgrade: 1,
      notUpgradable: 0,
    },
    {
      name: "maxUnavailable(5) partition(99%), and pods(count=5, upgraded=0, upgradedAndReady=0)",
      pods: () => shuffled(factoryPods(5, 0, 0)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 5, partition: "99%" }),
      upgrade: 1,
      notUpgradable: 0,
    },
    {
      name: "maxUnavailable(5) partition(1%), and pods(count=5, upgraded=0, upgradedAndReady=0)",
      pods: () => shuffled(factoryPods(5, 0, 0)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 5, partition: "1%" }),
      upgrade: 4,
      notUpgradable: 0,
    },
  ];
  it.each(cases)("$name", ({ pods, sidecarSet, upgrade, notUpgradable }) => {
    const next = nextUpgradePods(sidecarSet(), pods());
    expect(next.upgrade).toHaveLength(upgrade);
    expect(next.notUpgradable).toHaveLength(notUpgradable);
  });
});

describe("TestParseUpdateScatterTerms", () => {
  const labelsOf = (pods: Pod[]) => pods.map((p) => p.metadata.labels ?? {});
  const fixed = [
    { key: "key-1", value: "value-1" },
    { key: "key-2", value: "value-2" },
    { key: "key-3", value: "value-3" },
  ];
  it("only scatter terms", () => {
    expect(parseUpdateScatterTerms(fixed, labelsOf(factoryPods(100, 0, 0)))).toEqual(fixed);
  });
  it("regular and scatter terms", () => {
    const pods = factoryPods(100, 0, 0);
    const values = ["value-4-0", "value-4-1", "value-4-2", "value-4", "value-4", "value-4"];
    values.forEach((value, i) => (pods[i]!.metadata.labels!["key-4"] = value));
    expect(parseUpdateScatterTerms([...fixed, { key: "key-4", value: "*" }], labelsOf(pods))).toEqual([
      ...fixed,
      { key: "key-4", value: "value-4-0" },
      { key: "key-4", value: "value-4-1" },
      { key: "key-4", value: "value-4-2" },
      { key: "key-4", value: "value-4" },
    ]);
  });
});

describe("TestSortNextUpgradePods", () => {
  const cases: { name: string; pods: () => Pod[]; sidecarSet: () => SidecarSet; expected: string[] }[] = [
    {
      name: "sort by pod.CreationTimestamp, maxUnavailable(int=10) and pods(count=20, upgraded=10, upgradedAndReady=5)",
      pods: () => shuffled(factoryPods(20, 10, 5)),
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 10 }),
      expected: ["pod-19", "pod-18", "pod-17", "pod-16", "pod-15"],
    },
    {
      name: "not ready priority, maxUnavailable(int=10) and pods(count=20, upgraded=10, upgradedAndReady=5)",
      pods: () => {
        const pods = factoryPods(20, 10, 5);
        pods[10]!.status!.conditions![0]!.status = "False";
        pods[13]!.status!.conditions![0]!.status = "False";
        return shuffled(pods);
      },
      sidecarSet: () => withStrategy(factorySidecarSet(), { maxUnavailable: 10 }),
      expected: ["pod-13", "pod-10", "pod-19", "pod-18", "pod-17", "pod-16", "pod-15"],
    },
    {
      name: "with weight priority strategy, maxUnavailable(int=10) and pods(count=20, upgraded=10, upgradedAndReady=2)",
      pods: () => {
        const pods = factoryPods(20, 10, 2);
        pods[15]!.metadata.labels!["test-key"] = "bar";
        pods[16]!.metadata.labels!["test-key"] = "foo";
        return shuffled(pods);
      },
      sidecarSet: () =>
        withStrategy(factorySidecarSet(), {
          maxUnavailable: 10,
          priorityStrategy: {
            weightPriority: [
              { weight: 50, matchSelector: { matchLabels: { "test-key": "foo" } } },
              { weight: 30, matchSelector: { matchLabels: { "test-key": "bar" } } },
            ],
          },
        }),
      expected: ["pod-16", "pod-15"],
    },
    {
      name: "with order priority strategy, maxUnavailable(int=10) and pods(count=20, upgraded=10, upgradedAndReady=2)",
      pods: () => {
        const pods = factoryPods(20, 10, 2);
        for (const pod of pods) pod.metadata.labels!.key1 = "5";
        pods[17]!.metadata.labels!.key1 = "10";
        pods[18]!.metadata.labels!.key1 = "20";
        return shuffled(pods);
      },
      sidecarSet: () =>
        withStrategy(factorySidecarSet(), {
          maxUnavailable: 10,
          priorityStrategy: { orderPriority: [{ orderedKey: "key1" }] },
        }),
      expected: ["pod-18", "pod-17"],
    },
  ];
  it.each(cases)("$name", ({ pods, sidecarSet, expected }) => {
    expect(nextUpgradePods(sidecarSet(), pods()).upgrade).toEqual(expected);
  });
});
