/**
 * The probe runners against real servers on the loopback address (E1): HTTP, TCP, gRPC health,
 * and exec through the runtime port. Each failure reads as the kubelet's `Unhealthy` event.
 */
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Container, Probe } from "../api/index.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from "./grpc-probe.js";
import { runProbe, type ProbeTarget } from "./run-probe.js";
import { startHealthServer } from "./testing/health-server.js";
import { probeWarningMessage, unhealthyMessage } from "./unhealthy-message.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const app: Container = { name: "app", image: "app", ports: [{ name: "http", containerPort: 0 }] };
const target = (container: Container = app): ProbeTarget => ({
  runtime: new FakeRuntime(new FakeClock()),
  containerId: "none",
  container,
  podIP: "127.0.0.1",
});

async function httpServer(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}

/** A port nobody listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("httpGet probes (E1)", () => {
  it.each([
    [200, "Success"],
    [302, "Success"],
    [399, "Success"],
    [404, "Failure"],
    [503, "Failure"],
  ] as const)("E1: status %i is a %s", async (status, outcome) => {
    const port = await httpServer((_req, res) => res.writeHead(status).end("body"));
    const run = await runProbe({ httpGet: { port, path: "/healthz" } }, target(), 1000);
    expect(run.outcome).toBe(outcome);
  });

  it("E1: a 503 reads as 'Readiness probe failed: HTTP probe failed with statuscode: 503'", async () => {
    const port = await httpServer((_req, res) => res.writeHead(503).end());
    const run = await runProbe({ httpGet: { port, path: "/ready" } }, target(), 1000);
    expect(unhealthyMessage("readiness", run)).toBe(
      "Readiness probe failed: HTTP probe failed with statuscode: 503",
    );
  });

  it("E1: sends the kubelet's User-Agent and Accept, the probe's headers and path with its query", async () => {
    let seen: http.IncomingMessage | undefined;
    const port = await httpServer((req, res) => {
      seen = req;
      res.end("ok");
    });
    const probe: Probe = {
      httpGet: { port, path: "/health?deep=1", httpHeaders: [{ name: "X-Probe", value: "yes" }] },
    };
    expect((await runProbe(probe, target(), 1000)).outcome).toBe("Success");
    expect(seen?.url).toBe("/health?deep=1");
    expect(seen?.headers["user-agent"]).toMatch(/^kube-probe\/\d+\.\d+$/);
    expect(seen?.headers.accept).toBe("*/*");
    expect(seen?.headers["x-probe"]).toBe("yes");
  });

  it("E1: a port given by the name of a container port", async () => {
    const port = await httpServer((_req, res) => res.end("ok"));
    const container: Container = { ...app, ports: [{ name: "web", containerPort: port }] };
    expect((await runProbe({ httpGet: { port: "web", path: "/" } }, target(container), 1000)).outcome).toBe(
      "Success",
    );
  });

  it("E3: a port name the container does not have is a prober error (Unknown), not a failure", async () => {
    const run = await runProbe({ httpGet: { port: "nope", path: "/" } }, target(), 1000);
    expect(run.outcome).toBe("Unknown");
    expect(unhealthyMessage("liveness", run)).toBe(
      "Liveness probe errored and resulted in unknown state: couldn't find port: nope in app",
    );
  });

  it("a port nobody listens on fails with Go's 'connection refused' text", async () => {
    const port = await closedPort();
    const run = await runProbe({ httpGet: { port, path: "/healthz" } }, target(), 1000);
    expect(unhealthyMessage("liveness", run)).toBe(
      `Liveness probe failed: Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
  });

  it("E2: a server that hangs past timeoutSeconds fails with 'context deadline exceeded'", async () => {
    const port = await httpServer(() => undefined);
    const run = await runProbe({ httpGet: { port, path: "/" } }, target(), 200);
    expect(run.outcome).toBe("Failure");
    expect(run.message).toBe(
      `Get "http://127.0.0.1:${port}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    );
  });
});

describe("httpGet probes: redirects as the kubelet's client follows them (E1, pkg/probe/http RedirectChecker)", () => {
  /** A server whose paths /hop/<n> redirect to /hop/<n+1> until `last`, which answers 200 "done". */
  async function chain(last: number, seen: string[] = []): Promise<number> {
    return httpServer((req, res) => {
      seen.push(req.url ?? "");
      const n = Number(/^\/hop\/(\d+)$/.exec(req.url ?? "")?.[1] ?? "0");
      if (n >= last) res.writeHead(200).end("done");
      else res.writeHead(302, { Location: `/hop/${n + 1}` }).end();
    });
  }

  it("E1: a same-host redirect is followed; the probe's outcome is the final response's", async () => {
    const port = await httpServer((req, res) => {
      if (req.url === "/old") res.writeHead(301, { Location: "/healthz" }).end("moved");
      else res.writeHead(503).end();
    });
    const run = await runProbe({ httpGet: { port, path: "/old" } }, target(), 1000);
    expect(unhealthyMessage("liveness", run)).toBe(
      "Liveness probe failed: HTTP probe failed with statuscode: 503",
    );
  });

  it.each([301, 302, 303, 307, 308])("E1: %i with a Location is followed", async (code) => {
    const port = await httpServer((req, res) => {
      if (req.url === "/") res.writeHead(code, { Location: "/ok" }).end();
      else res.writeHead(200).end("fine");
    });
    expect(await runProbe({ httpGet: { port, path: "/" } }, target(), 1000)).toEqual({
      outcome: "Success",
      message: "fine",
    });
  });

  it("E1: the redirected request carries the probe's headers, the User-Agent and a Referer", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const port = await httpServer((req, res) => {
      seen.push(req.headers);
      if (req.url === "/") res.writeHead(302, { Location: "/next" }).end();
      else res.end("ok");
    });
    const probe: Probe = { httpGet: { port, path: "/", httpHeaders: [{ name: "X-Probe", value: "yes" }] } };
    expect((await runProbe(probe, target(), 1000)).outcome).toBe("Success");
    expect(seen).toHaveLength(2);
    expect(seen[1]?.["x-probe"]).toBe("yes");
    expect(seen[1]?.["user-agent"]).toMatch(/^kube-probe\/\d+\.\d+$/);
    expect(seen[1]?.referer).toBe(`http://127.0.0.1:${port}/`);
  });

  it("E1: a redirect to the same hostname on another port is followed (the kubelet compares hostnames)", async () => {
    const other = await httpServer((_req, res) => res.writeHead(200).end("other port"));
    const port = await httpServer((_req, res) =>
      res.writeHead(302, { Location: `http://127.0.0.1:${other}/` }).end(),
    );
    expect(await runProbe({ httpGet: { port, path: "/" } }, target(), 1000)).toEqual({
      outcome: "Success",
      message: "other port",
    });
  });

  it("E1: a redirect to another host is not followed: a Success with the kubelet's ProbeWarning text", async () => {
    let otherHostHit = false;
    const other = await httpServer((_req, res) => {
      otherHostHit = true;
      res.end();
    });
    const body = '<a href="http://localhost/">Found</a>.\n\n';
    const port = await httpServer((_req, res) =>
      res.writeHead(302, { Location: `http://localhost:${other}/` }).end(body),
    );
    const run = await runProbe({ httpGet: { port, path: "/redirect" } }, target(), 1000);
    expect(run).toEqual({
      outcome: "Success",
      message: `Probe terminated redirects, Response body: ${body}`,
      isWarning: true,
    });
    expect(otherHostHit).toBe(false);
    expect(unhealthyMessage("readiness", run)).toBeUndefined();
    expect(probeWarningMessage("readiness", run)).toBe(
      'Readiness probe warning: Probe terminated redirects, Response body: <a href="http://localhost/">Found</a>.',
    );
  });

  it("E1: a 3xx that is not followed (no Location, or 304) is a Success with a warning", async () => {
    const bare = await httpServer((_req, res) => res.writeHead(302).end());
    const notModified = await httpServer((_req, res) => res.writeHead(304).end());
    for (const port of [bare, notModified]) {
      const run = await runProbe({ httpGet: { port, path: "/" } }, target(), 1000);
      expect(probeWarningMessage("liveness", run)).toBe(
        "Liveness probe warning: Probe terminated redirects, Response body: ",
      );
    }
  });

  it("E1: a plain 200 carries no warning", async () => {
    const port = await httpServer((_req, res) => res.end("ok"));
    const run = await runProbe({ httpGet: { port, path: "/" } }, target(), 1000);
    expect(probeWarningMessage("liveness", run)).toBeUndefined();
  });

  it("E1: nine redirects are followed; at most 10 requests are sent", async () => {
    const seen: string[] = [];
    const port = await chain(9, seen);
    expect(await runProbe({ httpGet: { port, path: "/hop/0" } }, target(), 2000)).toEqual({
      outcome: "Success",
      message: "done",
    });
    expect(seen).toHaveLength(10);
  });

  it("E1: the 10th redirect fails with Go's 'stopped after 10 redirects', naming its Location", async () => {
    const seen: string[] = [];
    const port = await chain(10, seen);
    const run = await runProbe({ httpGet: { port, path: "/hop/0" } }, target(), 2000);
    expect(unhealthyMessage("liveness", run)).toBe(
      'Liveness probe failed: Get "/hop/10": stopped after 10 redirects',
    );
    expect(seen).toHaveLength(10);
  });

  it("E1: a same-host redirect to a port nobody listens on fails with that hop's dial error", async () => {
    const closed = await closedPort();
    const port = await httpServer((_req, res) =>
      res.writeHead(307, { Location: `http://127.0.0.1:${closed}/x` }).end(),
    );
    const run = await runProbe({ httpGet: { port, path: "/" } }, target(), 1000);
    expect(run).toEqual({
      outcome: "Failure",
      message: `Get "http://127.0.0.1:${closed}/x": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });

  it("E2: timeoutSeconds bounds the whole chain, not each request (each hop alone is well within it)", async () => {
    const port = await httpServer((req, res) => {
      const n = Number(/^\/slow\/(\d+)$/.exec(req.url ?? "")?.[1] ?? "0");
      setTimeout(() => res.writeHead(302, { Location: `/slow/${n + 1}` }).end(), 80);
    });
    const run = await runProbe({ httpGet: { port, path: "/slow/0" } }, target(), 200);
    expect(run.outcome).toBe("Failure");
    expect(run.message).toMatch(
      new RegExp(
        `^Get "http://127\\.0\\.0\\.1:${port}/slow/[1-9]": context deadline exceeded \\(Client\\.Timeout exceeded while awaiting headers\\)$`,
      ),
    );
  });
});

describe("tcpSocket probes (E1)", () => {
  it("E1: a listening port is a Success", async () => {
    const port = await httpServer((_req, res) => res.end());
    expect((await runProbe({ tcpSocket: { port } }, target(), 1000)).outcome).toBe("Success");
  });

  it("a port nobody listens on: 'Liveness probe failed: dial tcp 127.0.0.1:<port>: connect: connection refused'", async () => {
    const port = await closedPort();
    const run = await runProbe({ tcpSocket: { port } }, target(), 1000);
    expect(unhealthyMessage("liveness", run)).toBe(
      `Liveness probe failed: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
  });
});

describe("grpc probes (E1)", () => {
  it("E1: SERVING is a Success, for the overall server and for a named service", async () => {
    const server = await startHealthServer({ "": 1, "shop.Cart": 1 });
    cleanups.push(server.close);
    expect((await runProbe({ grpc: { port: server.port } }, target(), 1000)).outcome).toBe("Success");
    expect(
      (await runProbe({ grpc: { port: server.port, service: "shop.Cart" } }, target(), 1000)).outcome,
    ).toBe("Success");
  });

  it("E1: NOT_SERVING is a Failure worded as the kubelet words it", async () => {
    const server = await startHealthServer({ "": 2 });
    cleanups.push(server.close);
    const run = await runProbe({ grpc: { port: server.port } }, target(), 1000);
    expect(unhealthyMessage("readiness", run)).toBe(
      'Readiness probe failed: service unhealthy (responded with "NOT_SERVING")',
    );
  });

  it("E1: an unknown service fails with the rpc error", async () => {
    const server = await startHealthServer({ "": 1 });
    cleanups.push(server.close);
    const run = await runProbe({ grpc: { port: server.port, service: "other" } }, target(), 1000);
    expect(run.outcome).toBe("Failure");
    expect(run.message).toBe(
      "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service",
    );
  });

  it("E1: a server without the health service fails as 'does not implement the grpc health protocol'", async () => {
    const server = await startHealthServer({}, { implementHealth: false });
    cleanups.push(server.close);
    const run = await runProbe({ grpc: { port: server.port } }, target(), 1000);
    expect(run.outcome).toBe("Failure");
    expect(run.message).toMatch(/^error: this server does not implement the grpc health protocol/);
  });

  it("E2: a health rpc slower than timeoutSeconds fails with 'did not complete within 1s'", async () => {
    const server = await startHealthServer({ "": 1 }, { delayMs: 3000 });
    cleanups.push(server.close);
    const run = await runProbe({ grpc: { port: server.port } }, target(), 1000);
    expect(run).toEqual({ outcome: "Failure", message: "timeout: health rpc did not complete within 1s" });
  });

  it("a port nobody listens on fails within the timeout, never hangs", async () => {
    const port = await closedPort();
    const run = await runProbe({ grpc: { port } }, target(), 1000);
    expect(run.outcome).toBe("Failure");
    expect(run.message).toBe(
      `timeout: failed to connect service "127.0.0.1:${port}" within 1s: context deadline exceeded`,
    );
  });

  it("the health messages round-trip through the hand-written protobuf codec", () => {
    expect(encodeHealthCheckRequest("").length).toBe(0);
    expect([...encodeHealthCheckRequest("ab")]).toEqual([0x0a, 2, 0x61, 0x62]);
    expect(decodeHealthCheckResponse(Buffer.from([0x08, 1]))).toBe(1);
    expect(decodeHealthCheckResponse(Buffer.alloc(0))).toBe(0);
    expect(decodeHealthCheckResponse(Buffer.from([0x12, 1, 0x41, 0x08, 2]))).toBe(2);
  });
});

describe("exec probes (E1) through the runtime port", () => {
  const running = async (
    exec: (argv: string[]) => { exitCode: number; output: string; delayMs?: number },
  ) => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime(clock).script("app", {
      exec: (argv) => ({ timedOut: false, ...exec(argv) }),
    });
    const sandbox = await runtime.createSandbox({ uid: "u", name: "p", namespace: "default", volumes: [] });
    const started = await runtime.startContainer(
      sandbox,
      { name: "app", image: "app", argv: ["run"], env: [], mounts: [], stopSignal: "SIGTERM" },
      () => undefined,
    );
    return { clock, target: { ...target(), runtime, containerId: started.id } };
  };

  it("E1: exit 0 is a Success; a non-zero exit fails with the command's output", async () => {
    const { target: ok } = await running(() => ({ exitCode: 0, output: "" }));
    expect((await runProbe({ exec: { command: ["true"] } }, ok, 1000)).outcome).toBe("Success");
    const { target: bad } = await running(() => ({
      exitCode: 1,
      output: "cat: /tmp/healthy: No such file\n",
    }));
    const run = await runProbe({ exec: { command: ["cat", "/tmp/healthy"] } }, bad, 1000);
    expect(unhealthyMessage("liveness", run)).toBe("Liveness probe failed: cat: /tmp/healthy: No such file");
  });

  it('E2: an exec probe past timeoutSeconds fails with command "<argv>" timed out', async () => {
    const { clock, target: slow } = await running(() => ({ exitCode: 0, output: "", delayMs: 5000 }));
    const pending = runProbe({ exec: { command: ["sh", "-c", "sleep 5"] } }, slow, 1000);
    await clock.advance(1000);
    expect(await pending).toEqual({ outcome: "Failure", message: 'command "sh -c sleep 5" timed out' });
  });
});
