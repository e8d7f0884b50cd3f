/**
 * The universal and ordered-legacy modes (docs/sidecar-modes.md), through injectSidecarSets: the
 * containers each mode adds or changes, the helper calls they carry, and what is refused.
 */
import { describe, expect, it } from "vitest";
import { formatFieldError, type Fields } from "../api/index.js";
import { injectSidecarSets, type InjectionResult } from "./inject-pod.js";
import { sidecarSet } from "./testing/fixtures.js";

const H = "/podvisor-sidecar/podvisor-sidecar";

const pod = (mode: string, spec: Fields = {}): Fields => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web",
    namespace: "default",
    labels: { app: "web" },
    annotations: { "podvisor.dev/sidecar-mode": mode },
  },
  spec: {
    initContainers: [{ name: "setup", image: "busybox", command: ["true"] }],
    containers: [{ name: "app", image: "busybox", command: ["serve"], args: ["--port", "8080"] }],
    ...spec,
  },
});

const proxy = (extra: Fields = {}): Fields => ({
  name: "proxy",
  image: "envoy",
  command: ["envoy"],
  args: ["-c", "/etc/envoy.yaml"],
  resources: { requests: { cpu: "100m" } },
  ...extra,
});

const mesh = (
  containers: Fields[] = [proxy()],
  extra: Fields = {},
  annotations: Record<string, string> = {},
) =>
  sidecarSet(
    "mesh",
    {
      selector: { matchLabels: { app: "web" } },
      containers,
      updateStrategy: { type: "NotUpdate" },
      ...extra,
    },
    { annotations },
  );

function inject(input: Fields, sets = [mesh()], binary?: string): InjectionResult {
  return injectSidecarSets({ pod: input, namespace: "default", namespaceLabels: undefined }, sets, {
    nowMs: 0,
    kubeVersion: [1, 34],
    ...(binary ? { sidecarHelper: { image: "podvisor/sidecar-helper:0.1.0", binary } } : {}),
  });
}

function spec(result: InjectionResult): {
  initContainers: Fields[];
  containers: Fields[];
  volumes?: Fields[];
} {
  expect(result.errors.map(formatFieldError)).toEqual([]);
  return (result.pod as { spec: { initContainers: Fields[]; containers: Fields[]; volumes?: Fields[] } })
    .spec;
}
const names = (list: Fields[]) =>
  list.map((c) => `${String(c.name)}${c.restartPolicy === "Always" ? "(native)" : ""}`);
const regularCommand = (policy: string, apps: string[] = []) => [
  ...[
    H,
    "universal",
    "regular",
    "--state",
    "/podvisor-sidecar",
    "--name",
    "proxy",
    "--restart-policy",
    policy,
  ],
  ...[...apps, "--", "envoy", "-c", "/etc/envoy.yaml"],
];
const byName = (list: Fields[], name: string) => list.find((c) => c.name === name) as Fields;

describe("universal: the sidecar injected both ways, decided in the pod", () => {
  it("a native copy where native mode puts it (BeforeAppContainer: before the pod's init containers), a regular copy before the app, the helper installed first", () => {
    const s = spec(inject(pod("universal")));
    expect(names(s.initContainers)).toEqual(["podvisor-sidecar-install", "proxy(native)", "setup"]);
    expect(names(s.containers)).toEqual(["proxy-legacy", "app"]);
    expect(s.volumes).toEqual([{ name: "podvisor-sidecar", emptyDir: {} }]);
    expect(byName(s.initContainers, "podvisor-sidecar-install")).toMatchObject({
      image: "podvisor/sidecar-helper:0.1.0",
      command: ["/usr/local/bin/podvisor-sidecar", "install", "/podvisor-sidecar"],
      volumeMounts: [{ name: "podvisor-sidecar", mountPath: "/podvisor-sidecar" }],
    });
  });

  it("the native copy records its first run, and passes its startup probe only once restarted as the sidecar", () => {
    const native = byName(spec(inject(pod("universal"))).initContainers, "proxy");
    expect(native.command).toEqual([
      H,
      "universal",
      "native",
      "--state",
      "/podvisor-sidecar",
      "--name",
      "proxy",
      "--",
      "envoy",
      "-c",
      "/etc/envoy.yaml",
    ]);
    expect(native.args).toBeUndefined();
    expect(native.startupProbe).toEqual({
      exec: { command: [H, "universal", "probe", "--state", "/podvisor-sidecar", "--name", "proxy"] },
      periodSeconds: 1,
      timeoutSeconds: 5,
      failureThreshold: 60,
    });
    expect(native.volumeMounts).toContainEqual({ name: "podvisor-sidecar", mountPath: "/podvisor-sidecar" });
  });

  it("the regular copy keeps the sidecar's resources: the pod's requests count it twice", () => {
    const s = spec(inject(pod("universal")));
    expect(byName(s.containers, "proxy-legacy").resources).toEqual({ requests: { cpu: "100m" } });
    expect(byName(s.initContainers, "proxy").resources).toEqual({ requests: { cpu: "100m" } });
    const result = inject(pod("universal"));
    expect(result.decisions[0]?.placements?.join("\n")).toContain("requests counted twice");
  });

  it("restartPolicy Always: the regular copy idles where the native one runs; the apps are not wrapped", () => {
    const s = spec(inject(pod("universal")));
    expect(byName(s.containers, "proxy-legacy").command).toEqual(regularCommand("Always"));
    expect(byName(s.containers, "proxy-legacy").restartPolicy).toBeUndefined();
    expect(byName(s.containers, "app")).toEqual({
      name: "app",
      image: "busybox",
      command: ["serve"],
      args: ["--port", "8080"],
    });
  });

  it("restartPolicy Never (a Job's pod): the apps are wrapped so the regular copy can stop after them", () => {
    const s = spec(inject(pod("universal", { restartPolicy: "Never" })));
    expect(byName(s.containers, "proxy-legacy").command).toEqual(regularCommand("Never", ["--apps", "app"]));
    expect(byName(s.containers, "app")).toMatchObject({
      command: [H, "app", "--state", "/podvisor-sidecar", "--name", "app", "--", "serve", "--port", "8080"],
      volumeMounts: [{ name: "podvisor-sidecar", mountPath: "/podvisor-sidecar" }],
    });
    expect(byName(s.containers, "app").args).toBeUndefined();
  });

  it("the sidecar's own startup probe becomes part of the native copy's", () => {
    const withProbe = proxy({
      startupProbe: { httpGet: { path: "/ready", port: 15021 }, periodSeconds: 2, failureThreshold: 45 },
    });
    const native = byName(spec(inject(pod("universal"), [mesh([withProbe])])).initContainers, "proxy");
    expect(native.startupProbe).toMatchObject({
      exec: {
        command: [
          H,
          "universal",
          "probe",
          "--state",
          "/podvisor-sidecar",
          "--name",
          "proxy",
          "--http",
          "http://127.0.0.1:15021/ready",
        ],
      },
      failureThreshold: 90,
    });
  });

  it("a sidecar without a command cannot be wrapped: refused, nothing injected", () => {
    const result = inject(pod("universal"), [mesh([{ name: "proxy", image: "envoy" }])]);
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      "sidecarset/mesh: proxy.command: Required value: universal mode wraps the sidecar's program in podvisor-sidecar: set command (and args); an image's entrypoint cannot be wrapped",
    ]);
  });

  it("the SidecarSet's annotation chooses it too; the pod's wins", () => {
    const fromSet = inject(pod("native"), [
      mesh([proxy()], {}, { "podvisor.dev/sidecar-mode": "universal" }),
    ]);
    expect(fromSet.decisions[0]).toMatchObject({ mode: "native", modeSource: "pod annotation" });
    const noPodMode = pod("x");
    (noPodMode.metadata as Fields).annotations = {};
    const result = inject(noPodMode, [mesh([proxy()], {}, { "podvisor.dev/sidecar-mode": "universal" })]);
    expect(result.decisions[0]).toMatchObject({ mode: "universal", modeSource: "SidecarSet annotation" });
    expect(names(spec(result).containers)).toEqual(["proxy-legacy", "app"]);
  });

  it("a plain init container of the SidecarSet stays a plain init container", () => {
    const s = spec(
      inject(pod("universal"), [
        mesh([proxy()], { initContainers: [{ name: "iptables", image: "x", command: ["init"] }] }),
      ]),
    );
    expect(names(s.initContainers)).toEqual([
      "podvisor-sidecar-install",
      "proxy(native)",
      "setup",
      "iptables",
    ]);
    expect(byName(s.initContainers, "iptables").command).toEqual(["init"]);
  });

  it("on the process backend the install container runs the helper from the host path it is given", () => {
    const s = spec(inject(pod("universal"), [mesh()], "/opt/podvisor/podvisor-sidecar"));
    expect(byName(s.initContainers, "podvisor-sidecar-install").command).toEqual([
      "/opt/podvisor/podvisor-sidecar",
      "install",
      "/podvisor-sidecar",
    ]);
  });

  it("run's admission lists the regular copy among the injected sidecars", () => {
    expect(inject(pod("universal")).decisions[0]?.sidecars).toEqual([
      { name: "proxy", list: "initContainers", native: true },
      { name: "proxy-legacy", list: "containers", native: false },
    ]);
  });
});

describe("ordered-legacy: regular containers, held in order by hooks", () => {
  it("the sidecar goes first among the containers, with a postStart that waits for it and a preStop that holds it", () => {
    const withPort = proxy({
      ports: [{ name: "admin", containerPort: 15000 }],
      readinessProbe: { httpGet: { path: "/ready", port: "admin" } },
    });
    const s = spec(inject(pod("ordered-legacy"), [mesh([withPort], {}, {})]));
    expect(names(s.initContainers)).toEqual(["podvisor-sidecar-install", "setup"]);
    expect(names(s.containers)).toEqual(["proxy", "app"]);
    const sidecar = byName(s.containers, "proxy");
    expect(sidecar.command).toEqual(["envoy"]);
    expect(sidecar.lifecycle).toEqual({
      postStart: {
        exec: {
          command: [
            H,
            "wait-ready",
            "--name",
            "proxy",
            "--timeout",
            "120s",
            "--http",
            "http://127.0.0.1:15000/ready",
          ],
        },
      },
      preStop: {
        exec: {
          command: [
            H,
            "hold-until-apps-exit",
            "--state",
            "/podvisor-sidecar",
            "--name",
            "proxy",
            "--apps",
            "app",
            "--timeout",
            "28s",
          ],
        },
      },
    });
    expect(byName(s.containers, "app").command).toEqual([
      H,
      "app",
      "--state",
      "/podvisor-sidecar",
      "--name",
      "app",
      "--",
      "serve",
      "--port",
      "8080",
    ]);
  });

  it("a startup probe is preferred and gives the wait its budget; the hold leaves 2 s of a shorter grace period", () => {
    const withProbe = proxy({
      startupProbe: { tcpSocket: { port: 15021 }, periodSeconds: 1, failureThreshold: 20 },
      readinessProbe: { exec: { command: ["x"] } },
    });
    const s = spec(inject(pod("ordered-legacy", { terminationGracePeriodSeconds: 10 }), [mesh([withProbe])]));
    const lifecycle = byName(s.containers, "proxy").lifecycle as { postStart: Fields; preStop: Fields };
    expect(lifecycle.postStart).toEqual({
      exec: { command: [H, "wait-ready", "--name", "proxy", "--timeout", "20s", "--tcp", "127.0.0.1:15021"] },
    });
    expect((lifecycle.preStop.exec as { command: string[] }).command.slice(-2)).toEqual(["--timeout", "8s"]);
  });

  it("without a probe or a port there is nothing to wait for: no postStart, the preStop still holds", () => {
    const s = spec(inject(pod("ordered-legacy"), [mesh([{ name: "proxy", image: "envoy" }])]));
    const lifecycle = byName(s.containers, "proxy").lifecycle as Fields;
    expect(lifecycle.postStart).toBeUndefined();
    expect(lifecycle.preStop).toBeDefined();
    expect(
      inject(pod("ordered-legacy"), [mesh([{ name: "proxy", image: "envoy" }])]).decisions[0]?.placements,
    ).toContain("proxy: no startup or readiness probe and no port: started means running, no postStart wait");
  });

  it("a native sidecar of the SidecarSet becomes a regular container, first", () => {
    const set = mesh([], {
      initContainers: [proxy({ restartPolicy: "Always", ports: [{ containerPort: 15000 }] })],
    });
    const s = spec(inject(pod("ordered-legacy"), [set]));
    expect(names(s.initContainers)).toEqual(["podvisor-sidecar-install", "setup"]);
    expect(names(s.containers)).toEqual(["proxy", "app"]);
  });

  it("an app container without a command is not wrapped, and --explain says its exit is not seen", () => {
    const input = pod("ordered-legacy", { containers: [{ name: "app", image: "nginx" }] });
    const result = inject(input);
    expect(byName(spec(result).containers, "app")).toEqual({ name: "app", image: "nginx" });
    expect(result.decisions[0]?.placements).toContain(
      "not wrapped, no command (their exit is not seen): app",
    );
  });

  it("a sidecar with its own preStop is refused: the mode needs both hooks", () => {
    const result = inject(pod("ordered-legacy"), [
      mesh([proxy({ lifecycle: { preStop: { sleep: { seconds: 5 } } } })]),
    ]);
    expect(result.pod).toBeUndefined();
    expect(result.errors.map(formatFieldError)).toEqual([
      "sidecarset/mesh: proxy.lifecycle: Forbidden: ordered-legacy mode sets the sidecar's postStart and preStop; remove its own, or use another mode",
    ]);
  });

  it("two SidecarSets share one helper install container, one volume, and one wrapping of the app", () => {
    const logs = sidecarSet("logs", {
      selector: { matchLabels: { app: "web" } },
      containers: [{ name: "shipper", image: "fluent", command: ["fluent-bit"] }],
      updateStrategy: { type: "NotUpdate" },
    });
    const s = spec(inject(pod("ordered-legacy"), [mesh(), logs]));
    expect(names(s.initContainers)).toEqual(["podvisor-sidecar-install", "setup"]);
    expect(names(s.containers)).toEqual(["shipper", "proxy", "app"]);
    expect(s.volumes).toHaveLength(1);
    const hold = (name: string) =>
      (byName(s.containers, name).lifecycle as { preStop: { exec: { command: string[] } } }).preStop.exec
        .command;
    expect(hold("proxy")).toContain("app");
    expect(hold("shipper")).toContain("app");
    expect(byName(s.containers, "app").volumeMounts).toHaveLength(1);
  });
});
