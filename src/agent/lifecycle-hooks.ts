/**
 * Runs lifecycle hook handlers (postStart / preStop): `exec` in the container, `httpGet` from
 * podvisor to the pod's address, `sleep` in podvisor (F1). Expected outcomes are values:
 * a failed hook is `{ ok: false, message }`, never an exception.
 */
import type { Container, LifecycleHandler } from "../api/types.js";
import type { Clock } from "../shared/clock.js";
import type { ContainerRuntime } from "../runtime/port.js";

export type HookOutcome = { ok: true } | { ok: false; message: string };

export interface HookContext {
  runtime: ContainerRuntime;
  clock: Clock;
  containerId: string;
  container: Container;
  podIP: string;
  /** Give up waiting after this long (the hook's budget). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function runLifecycleHandler(handler: LifecycleHandler, ctx: HookContext): Promise<HookOutcome> {
  try {
    if (handler.exec) return await runExecHandler(handler.exec.command ?? [], ctx);
    if (handler.sleep) return await runSleepHandler(handler.sleep.seconds * 1000, ctx);
    if (handler.httpGet) return await runHttpGetHandler(handler, ctx);
    if (handler.tcpSocket) return { ok: false, message: "tcpSocket is not supported for lifecycle hooks" };
    return { ok: false, message: "no handler specified" };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function runExecHandler(argv: string[], ctx: HookContext): Promise<HookOutcome> {
  const result = await ctx.runtime.execInContainer(ctx.containerId, argv, ctx.timeoutMs);
  if (result.timedOut) return { ok: false, message: `command '${argv.join(" ")}' timed out` };
  if (result.exitCode === 0) return { ok: true };
  // kubelet: "command '<cmd>' exited with <code>: <output>"
  return {
    ok: false,
    message: `command '${argv.join(" ")}' exited with ${result.exitCode}: ${result.output}`,
  };
}

async function runSleepHandler(ms: number, ctx: HookContext): Promise<HookOutcome> {
  try {
    await ctx.clock.sleep(Math.min(ms, ctx.timeoutMs), ctx.signal);
  } catch {
    // F6: a sleep preStop ends early when the container terminates.
  }
  return { ok: true };
}

async function runHttpGetHandler(handler: LifecycleHandler, ctx: HookContext): Promise<HookOutcome> {
  const action = handler.httpGet;
  if (!action) return { ok: false, message: "no httpGet action" };
  const port = resolvePort(action.port, ctx.container);
  if (port === undefined)
    return { ok: false, message: `port ${String(action.port)} not found in container ${ctx.container.name}` };
  const scheme = (action.scheme ?? "HTTP").toLowerCase();
  const host = action.host ?? ctx.podIP;
  const path = action.path ?? "/";
  const url = `${scheme}://${host}:${port}${path.startsWith("/") ? path : `/${path}`}`;
  const headers = Object.fromEntries((action.httpHeaders ?? []).map((h) => [h.name, h.value]));
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(1, ctx.timeoutMs)) });
  await response.arrayBuffer();
  if (response.status >= 200 && response.status < 400) return { ok: true };
  return {
    ok: false,
    message: `HTTP lifecycle hook (${path}) for Container "${ctx.container.name}" failed - error: <nil>, message: "${response.status}"`,
  };
}

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}
