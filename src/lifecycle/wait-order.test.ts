import { describe, expect, it } from "vitest";
import {
  container,
  makePod,
  sidecar,
  withPreStop,
  withReadinessProbe,
  withStartupProbe,
} from "./testing/make-pod.js";
import { ScenarioDriver, type DriverEvent } from "./testing/scenario-driver.js";

const at = (events: DriverEvent[], kind: DriverEvent["kind"], name: string): number[] =>
  events.filter((e) => e.kind === kind && e.name === name).map((e) => e.atMs);
const firstStart = (driver: ScenarioDriver, name: string) => at(driver.log, "starting", name)[0];

/** The KubeCon talk's pod: proxy → mysql-client → app, each sidecar ready some time after it runs. */
const talkPod = (waitFor?: string) =>
  makePod({
    init: [sidecar("proxy", withReadinessProbe), sidecar("mysql-client", withReadinessProbe)],
    containers: [container("app")],
    ...(waitFor !== undefined ? { waitFor } : {}),
  });
const talkBehaviour = (name: string) =>
  name === "proxy" ? { readyAfterMs: 3_000 } : name === "mysql-client" ? { readyAfterMs: 2_000 } : {};

describe("readiness-gated starts (podvisor.dev/wait-for, docs/ordering.md)", () => {
  it("without the annotation the kubelet starts the next container once the sidecar started, ready or not (A2)", () => {
    const driver = new ScenarioDriver(talkPod(), talkBehaviour);
    driver.runUntil(10_000);
    expect([
      firstStart(driver, "proxy"),
      firstStart(driver, "mysql-client"),
      firstStart(driver, "app"),
    ]).toEqual([0, 0, 0]);
  });

  it("proxy → mysql-client → app: each starts only once what it waits for is ready", () => {
    const driver = new ScenarioDriver(
      talkPod("mysql-client: proxy=ready; app: proxy=ready, mysql-client=ready"),
      talkBehaviour,
    );
    driver.runUntil(10_000);
    expect([
      firstStart(driver, "proxy"),
      firstStart(driver, "mysql-client"),
      firstStart(driver, "app"),
    ]).toEqual([0, 3_000, 5_000]);
  });

  it("'started' waits for the startup probe, not for readiness", () => {
    const pod = makePod({
      containers: [container("db", { ...withStartupProbe, ...withReadinessProbe }), container("web")],
      waitFor: "web: db=started",
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "db" ? { startupAfterMs: 1_000, readyAfterMs: 4_000 } : {},
    );
    driver.runUntil(10_000);
    expect(firstStart(driver, "web")).toBe(1_000);
  });

  it("a plain init container can wait for an earlier sidecar's readiness; later init containers wait behind it", () => {
    const pod = makePod({
      init: [sidecar("proxy", withReadinessProbe), container("migrate"), container("seed")],
      containers: [container("app")],
      waitFor: "migrate: proxy=ready",
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "proxy" ? { readyAfterMs: 2_000 } : name === "app" ? {} : { exitAfterMs: 1_000 },
    );
    driver.runUntil(10_000);
    expect(["migrate", "seed", "app"].map((name) => firstStart(driver, name))).toEqual([2_000, 3_000, 4_000]);
  });

  it("app containers can wait for each other; those that wait for nothing start at once (A5)", () => {
    const pod = makePod({
      containers: [container("web"), container("db", withReadinessProbe), container("metrics")],
      waitFor: "web: db=ready",
    });
    const driver = new ScenarioDriver(pod, (name) => (name === "db" ? { readyAfterMs: 1_500 } : {}));
    driver.runUntil(10_000);
    expect(["web", "db", "metrics"].map((name) => firstStart(driver, name))).toEqual([1_500, 0, 0]);
  });
});

describe("post-app sidecars", () => {
  const pod = makePod({
    init: [sidecar("proxy"), sidecar("refresher", withPreStop)],
    containers: [container("app", { ...withReadinessProbe, ...withPreStop })],
    waitFor: "refresher: app=ready",
  });
  const behaviour = (name: string) => (name === "app" ? { readyAfterMs: 2_000, preStopMs: 1_000 } : {});

  it("a sidecar that waits for the app does not hold initialization: the app starts, then the sidecar once the app is ready", () => {
    const driver = new ScenarioDriver(pod, behaviour);
    driver.runUntil(10_000);
    expect(["proxy", "app", "refresher"].map((name) => firstStart(driver, name))).toEqual([0, 0, 2_000]);
  });

  it("it is still stopped after the app containers, as every sidecar (C5), and its preStop waits for nothing else", () => {
    const driver = new ScenarioDriver(pod, behaviour);
    driver.runUntil(10_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "preStop", "refresher")).toEqual([10_000]);
    expect(at(driver.log, "exited", "app")).toEqual([11_000]);
    expect(at(driver.log, "stopSignal", "refresher")).toEqual([11_000]);
    expect(driver.isFinished).toBe(true);
  });
});

describe("termination follows the reverse of the waits", () => {
  it("a container others wait for runs its preStop and gets its stop signal only once they are gone", () => {
    const pod = makePod({
      containers: [container("web"), container("db", withPreStop)],
      waitFor: "web: db=started",
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "web" ? { onStop: { afterMs: 3_000, exitCode: 0 } } : { preStopMs: 1_000 },
    );
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "awaitTurn", "db")).toEqual([1_000]);
    expect(at(driver.log, "exited", "web")).toEqual([4_000]);
    expect(at(driver.log, "preStop", "db")).toEqual([4_000]);
    expect(at(driver.log, "stopSignal", "db")).toEqual([5_000]);
    // 3 s waited and 1 s of preStop come off the 30 s budget (C5, whole seconds).
    expect(driver.log.find((e) => e.kind === "stopSignal" && e.name === "db")?.gracePeriodMs).toBe(26_000);
  });

  it("a sidecar others wait for holds its stop until its dependents are gone, even past the declaration chain", () => {
    // Kubelet order alone: s3 stops first, s1 stops when s2's stop is done; s2 already exited
    // breaks the chain, so s1 would stop with s3. s3 waits for s1 here, so s1 waits for s3.
    const pod = makePod({
      restartPolicy: "Never",
      init: [sidecar("s1"), sidecar("s2"), sidecar("s3")],
      containers: [container("app")],
      waitFor: "s3: s1=started",
    });
    const driver = new ScenarioDriver(pod, (name) =>
      name === "s3" ? { onStop: { afterMs: 2_000, exitCode: 0 } } : {},
    );
    driver.runUntil(1_000);
    driver.exit("s2", 0);
    driver.record({ type: "terminationStarted", reason: "Deleted", atMs: 1_000, gracePeriodMs: 30_000 });
    driver.sync();
    driver.runToEnd();
    expect(at(driver.log, "stopSignal", "s3")).toEqual([1_000]);
    expect(at(driver.log, "exited", "s3")).toEqual([3_000]);
    expect(at(driver.log, "stopSignal", "s1")).toEqual([3_000]);
  });

  it("a dependent that ignores its stop signal holds the container it waits for no longer than the grace period (C6)", () => {
    const pod = makePod({
      containers: [container("web"), container("db")],
      waitFor: "web: db=started",
      graceSeconds: 5,
    });
    const driver = new ScenarioDriver(pod, (name) => (name === "web" ? { onStop: "ignore" as const } : {}));
    driver.runUntil(1_000);
    driver.delete();
    driver.runToEnd();
    expect(at(driver.log, "stopSignal", "db")).toEqual([6_000]);
    expect(driver.log.find((e) => e.kind === "stopSignal" && e.name === "db")?.gracePeriodMs).toBe(2_000);
    expect(driver.isFinished).toBe(true);
  });
});

describe("waits and restarts", () => {
  const pod = makePod({
    restartPolicy: "Always",
    init: [sidecar("proxy", withReadinessProbe)],
    containers: [container("app")],
    waitFor: "app: proxy=ready",
  });

  it("a dependency that restarts does not stop the container that waited for it", () => {
    const driver = new ScenarioDriver(pod, (name) => (name === "proxy" ? { readyAfterMs: 1_000 } : {}));
    driver.runUntil(2_000);
    driver.exit("proxy", 1);
    driver.runUntil(60_000);
    expect(at(driver.log, "starting", "proxy").length).toBeGreaterThan(1);
    expect(at(driver.log, "starting", "app")).toEqual([1_000]);
    expect(at(driver.log, "stopSignal", "app")).toEqual([]);
  });

  it("every restart waits again: an app that exits while its proxy is not ready restarts once the proxy is ready", () => {
    const driver = new ScenarioDriver(pod, (name, instance) =>
      name === "proxy" ? { readyAfterMs: instance === 0 ? 1_000 : 30_000 } : {},
    );
    driver.runUntil(2_000);
    driver.exit("proxy", 1);
    driver.exit("app", 1);
    driver.runUntil(60_000);
    const proxyRestartedAt = at(driver.log, "starting", "proxy")[1]!;
    expect(at(driver.log, "starting", "app")).toEqual([1_000, proxyRestartedAt + 30_000]);
  });
});
