/**
 * The webhook servers of bench/admission-cluster.ts, each in its own process so that the bench
 * process only creates pods and measures (issue 12: a webhook served from the measuring process
 * shares its event loop and heap, and its GC lands in the measured tail):
 *
 *   podvisor   the built CLI, `podvisor webhook` (dist/main.js), as a user runs it;
 *   noop       bench/noop-webhook-server.ts, Node's https server with podvisor's defaults
 *              (and as "canned", answering with podvisor's patch for the bench pod);
 *   noop-go    bench/noop-webhook-go, Go's net/http (HTTP/1.1, or h2 with `-h2`), when Go is there.
 *
 * With `traceGc`, the Node ones run with --trace-gc and `gcBetween` sums what they logged between
 * two marks (the measured window). Every child dies with the bench (setpriv --pdeathsig KILL).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { get, request } from "node:https";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnPodvisor } from "../test/cluster/support/podvisor-process.js";
import { round, sleep } from "./lib/stats.js";

export interface WebhookProcess {
  port: number;
  /** Everything it wrote so far (stdout and stderr). */
  output: () => string;
  /** SIGTERM; resolves once it has exited (what it printed on the way out is in output()). */
  stop: () => Promise<void>;
}

export interface GcSummary {
  collections: number;
  /** Sum and largest of the pauses --trace-gc reported, in ms. */
  pause_total_ms: number | null;
  pause_max_ms: number | null;
}

const here = fileURLToPath(new URL(".", import.meta.url));

export async function startPodvisorWebhook(options: {
  port: number;
  certFile: string;
  keyFile: string;
  kubeconfig: string;
  traceGc: boolean;
}): Promise<WebhookProcess> {
  const child = spawnPodvisor(
    [
      "webhook",
      "--host=127.0.0.1",
      `--port=${options.port}`,
      `--tls-cert-file=${options.certFile}`,
      `--tls-key-file=${options.keyFile}`,
      `--kubeconfig=${options.kubeconfig}`,
    ],
    options.traceGc ? ["--trace-gc"] : [],
  );
  await until(() => (child.output().includes("listening on https://") ? "" : undefined), child.output);
  return {
    port: options.port,
    output: child.output,
    stop: async () => void (await child.stop("SIGTERM", 5000)),
  };
}

/** Its /metrics text (TLS unverified: loopback, our own certificate). */
export function scrapeMetrics(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/metrics", rejectUnauthorized: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve(text));
    });
    req.on("error", () => resolve(""));
  });
}

/** The Node no-op, bundled by esbuild into `dir` (it has only node:* imports). */
export async function startNodeNoop(options: {
  dir: string;
  certFile: string;
  keyFile: string;
  traceGc: boolean;
  /** noop-webhook-server.ts's --record / --answer. */
  flags?: string[];
}): Promise<WebhookProcess> {
  const script = join(options.dir, "noop-webhook-server.mjs");
  const esbuild = await import("esbuild");
  esbuild.buildSync({
    entryPoints: [join(here, "noop-webhook-server.ts")],
    platform: "node",
    format: "esm",
    outfile: script,
    logLevel: "error",
  });
  const nodeArgs = options.traceGc ? ["--trace-gc"] : [];
  return startListening(process.execPath, [
    ...nodeArgs,
    script,
    options.certFile,
    options.keyFile,
    ...(options.flags ?? []),
  ]);
}

/** The Go no-op, built with the Go toolchain into `dir`; undefined (and why) when there is no Go. */
export async function startGoNoop(options: {
  dir: string;
  certFile: string;
  keyFile: string;
  h2: boolean;
}): Promise<WebhookProcess | { skipped: string }> {
  const binary = join(options.dir, "noop-webhook-go");
  if (!existsSync(binary)) {
    const go = ["/usr/local/go/bin/go", "go"].find((g) => spawnSync(g, ["version"]).status === 0);
    if (go === undefined) return { skipped: "no Go toolchain (go version failed)" };
    const built = spawnSync(go, ["build", "-o", binary, "."], {
      cwd: join(here, "noop-webhook-go"),
      encoding: "utf8",
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" },
    });
    if (built.status !== 0) return { skipped: `go build failed: ${built.stderr.trim()}` };
  }
  return startListening(binary, [
    `-cert=${options.certFile}`,
    `-key=${options.keyFile}`,
    ...(options.h2 ? ["-h2"] : []),
  ]);
}

/** What --trace-gc printed in `output` (a slice of a process's output), summed. */
export function gcSummary(output: string): GcSummary {
  const pauses = [
    ...output.matchAll(/ms: (?:Scavenge|Mark-Compact|Mark-sweep|Minor)[^,]*, ([\d.]+) \/ /g),
  ].map((m) => Number(m[1]));
  return {
    collections: pauses.length,
    pause_total_ms: round(pauses.reduce((a, b) => a + b, 0)),
    pause_max_ms: pauses.length > 0 ? round(Math.max(...pauses)) : null,
  };
}

async function startListening(command: string, args: string[]): Promise<WebhookProcess> {
  const child = spawn("setpriv", ["--pdeathsig", "KILL", "--", command, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const port = await until(
    () => /^listening (\d+)$/m.exec(output)?.[1],
    () => output,
  );
  return {
    port: Number(port),
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function until(found: () => string | undefined, output: () => string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const value = found();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`a webhook process did not start within 30 s; it wrote:\n${output()}`);
}

/** POST JSON to a webhook process and read its JSON answer (TLS unverified: loopback, our own certificate). */
export function postJson(port: number, path: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        rejectUnauthorized: false,
        headers: { "Content-Type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => {
          try {
            resolve(JSON.parse(text) as unknown);
          } catch {
            reject(new Error(`${path} answered ${res.statusCode}: ${text}`));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
