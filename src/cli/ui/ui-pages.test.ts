import { describe, expect, it } from "vitest";
import type { Pod } from "../../api/index.js";
import { podListSnapshot } from "./pod-list-snapshot.js";
import { podPageContainers, renderPodListPage, renderPodPage } from "./ui-pages.js";
import { UI_CLIENT_SCRIPT } from "./ui-client-script.js";
import { parseUiRoute } from "./ui-routes.js";

const t0 = Date.UTC(2026, 0, 1);
const hostile = '"><script>alert(1)</script>';

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", creationTimestamp: new Date(t0).toISOString() },
  spec: {
    initContainers: [
      { name: "setup", image: "busybox" },
      { name: "proxy", image: "envoy", restartPolicy: "Always" },
    ],
    containers: [{ name: hostile, image: "busybox" }],
  },
  status: {
    phase: "Pending",
    initContainerStatuses: [
      {
        name: "setup",
        image: "busybox",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { running: { startedAt: new Date(t0).toISOString() } },
      },
    ],
  },
};

describe("the pod table shows kubectl's columns and cells", () => {
  it("a pod in its first init container reads as `kubectl get pods` prints it", () => {
    const snapshot = podListSnapshot({ id: "run-1", live: true }, [pod], t0 + 75_000);
    expect(snapshot.columns).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(snapshot.rows.map((row) => [row.href, ...row.cells])).toEqual([
      ["/pods/default/web", "web", "0/2", "Init:0/2", "0", "75s"],
    ]);
  });

  it("a changed pod has a new revision; AGE moving on is no change", () => {
    const before = podListSnapshot(undefined, [pod], t0).rows[0]?.revision;
    expect(podListSnapshot(undefined, [pod], t0 + 5000).rows[0]?.revision).toBe(before);
    const started = { ...pod, status: { ...pod.status, phase: "Running" as const } };
    expect(podListSnapshot(undefined, [started], t0).rows[0]?.revision).not.toBe(before);
  });
});

describe("the pages escape what the pod says and carry the response's nonce", () => {
  const options = { nonce: "n0nce", stateDir: "/tmp/<state>" };

  it("container names, the state directory and the log paths are escaped; the only script is ours", () => {
    const paths = { timeline: "/api/pods/default/web/timeline.svg", logs: "/api/pods/default/web/logs" };
    const html = renderPodPage(pod, paths, options);
    expect(html).not.toContain(hostile);
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("/tmp/&lt;state&gt;");
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).toContain('<div id="timeline" data-src="/api/pods/default/web/timeline.svg"></div>');
  });

  it("the pod page lists init containers (sidecars marked) before the app's, as kubectl describe does", () => {
    expect(podPageContainers(pod).map((c) => [c.name, c.kind])).toEqual([
      ["setup", "init"],
      ["proxy", "sidecar"],
      [hostile, "container"],
    ]);
  });

  it("the page script is valid JavaScript (it is a string here, so only parsing it tells)", () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- parsed, never called
    expect(() => new Function(UI_CLIENT_SCRIPT)).not.toThrow();
  });

  it("the list page has the table the script fills", () => {
    expect(renderPodListPage(options)).toContain('<table id="pods"><thead></thead><tbody></tbody></table>');
  });
});

describe("the routes are read-only pages and streams", () => {
  it.each([
    ["/", { page: "list" }],
    ["/pods/default/web", { page: "pod", namespace: "default", name: "web" }],
    ["/api/pods", { api: "pods" }],
    ["/api/pods/my%20ns/web/logs", { api: "logs", namespace: "my ns", name: "web" }],
    ["/api/pods/default/web/timeline.svg", { api: "timeline", namespace: "default", name: "web" }],
  ])("%s", (path, route) => {
    expect(parseUiRoute(path)).toEqual(route);
  });

  it.each([
    "/pods",
    "/pods/default",
    "/pods/default/web/extra",
    "/api/pods/default/web/logs/app",
    "/x",
    "/pods/%zz/x",
  ])("%s is no page", (path) => {
    expect(parseUiRoute(path)).toBeUndefined();
  });
});
