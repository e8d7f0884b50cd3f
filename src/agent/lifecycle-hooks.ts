/**
 * Runs lifecycle hook handlers (postStart / preStop): `exec` in the container, `httpGet` from
 * podvisor to the pod's address, `sleep` in podvisor (F1, kubelet `lifecycle/handlers.go`).
 * Expected outcomes are values: a failed hook is `{ ok: false, message }` with the kubelet's
 * message text, never an exception. As in the kubelet, an httpGet hook fails only when no
 * response comes (any status code counts as delivered), and tcpSocket is not a hook handler.
 */
import type { Container, LifecycleHandler } from "../api/index.js";
import type { Clock } from "../shared/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { KUBE_VERSION, httpGet, httpGetTarget } from "../probes/index.js";

export type HookOutcome = { ok: true } | { ok: false; message: string };

/**
 * The kubelet gives a hook handler no timeout of its own (exec `RunInContainer(..., 0)`, an HTTP
 * client without `Timeout`); the largest delay a Node timer can hold. A hook still ends: it dies
 * with its container (exec, httpGet: `signal`), and the container is always stopped in the end.
 */
export const NO_HOOK_TIMEOUT_MS = 2_147_483_647;

export interface HookContext {
  runtime: ContainerRuntime;
  clock: Clock;
  containerId: string;
  container: Container;
  podIP: string;
  /** kubelet `format.Pod` (name_namespace(uid)), for the failure message. */
  podLabel?: string;
  /** Give up after this long (NO_HOOK_TIMEOUT_MS for hooks, as the kubelet sets none). */
  timeoutMs: number;
  /** Aborted when the container exits: a sleep ends early (F6), an httpGet request is dropped. */
  signal?: AbortSignal;
}

export async function runLifecycleHandler(handler: LifecycleHandler, ctx: HookContext): Promise<HookOutcome> {
  try {
    if (handler.exec) return await runExecHandler(handler.exec.command ?? [], ctx);
    if (handler.sleep) return await runSleepHandler(handler.sleep.seconds * 1000, ctx);
    if (handler.httpGet) return await runHttpGetHandler(handler, ctx);
    return { ok: false, message: `Cannot run handler: invalid handler: ${JSON.stringify(handler)}` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function runExecHandler(argv: string[], ctx: HookContext): Promise<HookOutcome> {
  const result = await ctx.runtime.execInContainer(ctx.containerId, argv, ctx.timeoutMs);
  if (!result.timedOut && result.exitCode === 0) return { ok: true };
  const error = result.timedOut
    ? `command ${JSON.stringify(argv.join(" "))} timed out`
    : `command '${argv.join(" ")}' exited with ${result.exitCode}: ${result.output}`;
  return {
    ok: false,
    message: `Exec lifecycle hook ([${argv.join(" ")}]) for Container ${JSON.stringify(ctx.container.name)} in Pod ${JSON.stringify(ctx.podLabel ?? "")} failed - error: ${error}, message: ${JSON.stringify(result.output)}`,
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
  const fail = (error: string): HookOutcome => ({
    ok: false,
    message: `HTTP lifecycle hook (${action.path ?? ""}) for Container ${JSON.stringify(ctx.container.name)} in Pod ${JSON.stringify(ctx.podLabel ?? "")} failed - error: ${error}`,
  });
  const target = httpGetTarget(action, ctx.container, ctx.podIP, `kube-lifecycle/${KUBE_VERSION}`);
  if ("error" in target) return fail(target.error);
  const result = await httpGet(target, Math.max(1, ctx.timeoutMs), ctx.signal);
  return result.kind === "response" ? { ok: true } : fail(result.message);
}
