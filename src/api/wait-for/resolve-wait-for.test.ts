import { describe, expect, it } from "vitest";
import { formatFieldError } from "../field-error.js";
import type { Container, PodSpec } from "../types.js";
import { parseWaitFor } from "./parse-wait-for.js";
import { resolveWaitFor } from "./resolve-wait-for.js";

const PATH = "metadata.annotations[podvisor.dev/wait-for]";
const sidecar = (name: string): Container => ({ name, image: "busybox", restartPolicy: "Always" });
const plain = (name: string): Container => ({ name, image: "busybox" });

/** proxy and mysql-client sidecars, a plain init container, the app and a refresher sidecar. */
const spec: PodSpec = {
  initContainers: [plain("migrate"), sidecar("proxy"), sidecar("mysql-client"), sidecar("refresher")],
  containers: [plain("app"), plain("worker")],
};

function errorsOf(value: string, podSpec: PodSpec = spec): string[] {
  return resolveWaitFor({ annotations: { "podvisor.dev/wait-for": value } }, podSpec).errors.map(
    formatFieldError,
  );
}

describe("parseWaitFor", () => {
  it("reads one entry per container, separated by ';' or new lines, spaces ignored", () => {
    const parsed = parseWaitFor(" app: proxy=ready ,mysql-client = started;\nrefresher: app=ready;", PATH);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      {
        container: "app",
        waits: [
          { name: "proxy", condition: "ready" },
          { name: "mysql-client", condition: "started" },
        ],
      },
      { container: "refresher", waits: [{ name: "app", condition: "ready" }] },
    ]);
  });

  it("reports every syntax problem at once, each on the annotation's path", () => {
    const parsed = parseWaitFor(
      "app proxy=ready; app: proxy=up; x: a=ready, a=started; y: b; app: c=ready",
      PATH,
    );
    expect(parsed.errors.map(formatFieldError)).toEqual([
      `${PATH}: Invalid value: "app proxy=ready": expected "<container>: <name>=started|ready, ..." entries separated by ";"`,
      `${PATH}: Unsupported value: "up": supported values: "ready", "started"`,
      `${PATH}: Duplicate value: "a=started": in "x: a=ready, a=started"`,
      `${PATH}: Invalid value: "y: b": expected "<container>: <name>=started|ready, ..." entries separated by ";"`,
    ]);
    // "app" appeared in an entry with an error first, so the later "app: c=ready" is the one kept.
    expect(parsed.entries).toEqual([{ container: "app", waits: [{ name: "c", condition: "ready" }] }]);
  });

  it("a container named twice is a Duplicate", () => {
    expect(
      parseWaitFor("app: proxy=ready; app: mysql-client=ready", PATH).errors.map(formatFieldError),
    ).toEqual([`${PATH}: Duplicate value: "app": name each container once; list all its waits in one entry`]);
  });
});

describe("resolveWaitFor", () => {
  it("without the annotation there is no graph and no error (the kubelet's order alone)", () => {
    expect(resolveWaitFor({}, spec)).toEqual({ errors: [] });
    expect(resolveWaitFor(undefined, spec)).toEqual({ errors: [] });
  });

  it("the talk's example: proxy → mysql-client → app, and a refresher after the app (a post-app sidecar)", () => {
    const resolved = resolveWaitFor(
      {
        annotations: {
          "podvisor.dev/wait-for":
            "mysql-client: proxy=ready; app: proxy=ready, mysql-client=ready; refresher: app=ready",
        },
      },
      spec,
    );
    expect(resolved.errors).toEqual([]);
    expect([...resolved.graph!.postAppSidecars]).toEqual(["refresher"]);
    expect(resolved.graph!.waitsOf.get("app")).toEqual([
      { name: "proxy", condition: "ready" },
      { name: "mysql-client", condition: "ready" },
    ]);
  });

  it("a sidecar that waits for a post-app sidecar is post-app too", () => {
    const podSpec: PodSpec = { initContainers: [sidecar("a"), sidecar("b")], containers: [plain("app")] };
    const resolved = resolveWaitFor(
      { annotations: { "podvisor.dev/wait-for": "a: app=started; b: a=ready" } },
      podSpec,
    );
    expect([...resolved.graph!.postAppSidecars]).toEqual(["a", "b"]);
  });

  it("unknown names, on either side, are NotFound", () => {
    expect(errorsOf("api: proxy=ready; app: prxy=ready")).toEqual([
      `${PATH}: Not found: "api": no container of this name in the pod`,
      `${PATH}: Not found: "prxy": no container of this name in the pod`,
    ]);
  });

  it("waiting for a plain init container is refused: it has run to completion before anything after it starts", () => {
    expect(errorsOf("app: migrate=ready")).toEqual([
      `${PATH}: Invalid value: "app: migrate=ready": "migrate" is an init container that runs to completion before later containers start; wait only for sidecars (restartPolicy: Always) and app containers`,
    ]);
  });

  it("an init container cannot wait for an app container, nor for a sidecar that waits for one", () => {
    const podSpec: PodSpec = {
      initContainers: [sidecar("refresher"), plain("seed")],
      containers: [plain("app")],
    };
    expect(errorsOf("refresher: app=ready; seed: app=started, refresher=started", podSpec)).toEqual([
      `${PATH}: Invalid value: "seed: app=started": an init container finishes before the app containers start; "seed" cannot wait for "app"`,
      `${PATH}: Invalid value: "seed: refresher=started": "refresher" waits for app containers, so it starts after initialization; an init container cannot wait for it`,
    ]);
  });

  it("an init container waits only for sidecars declared before it", () => {
    expect(errorsOf("proxy: mysql-client=ready; migrate: proxy=started")).toEqual([
      `${PATH}: Invalid value: "proxy: mysql-client=ready": init containers start in declaration order: declare "mysql-client" before "proxy" in spec.initContainers`,
      `${PATH}: Invalid value: "migrate: proxy=started": init containers start in declaration order: declare "proxy" before "migrate" in spec.initContainers`,
    ]);
  });

  it("cycles are named, every one of them, together with the other errors", () => {
    expect(
      errorsOf(
        "app: worker=ready; worker: refresher=started; refresher: app=ready; mysql-client: mysql-client=ready; api: x=ready",
      ),
    ).toEqual([
      `${PATH}: Not found: "api": no container of this name in the pod`,
      `${PATH}: Invalid value: cycle: app → worker → refresher → app`,
      `${PATH}: Invalid value: cycle: mysql-client → mysql-client`,
    ]);
  });

  it("errors carry the template's path for a pod template", () => {
    const resolved = resolveWaitFor(
      { annotations: { "podvisor.dev/wait-for": "app: app=ready" } },
      spec,
      "spec.template.metadata",
    );
    expect(resolved.errors.map(formatFieldError)).toEqual([
      "spec.template.metadata.annotations[podvisor.dev/wait-for]: Invalid value: cycle: app → app",
    ]);
  });
});
