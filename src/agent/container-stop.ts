/**
 * Stopping containers: the kubelet's `killContainer` for single kills (probe or postStart
 * failure), and the preStop step of ordered pod termination (C5), both bounded by the grace budget.
 */
import type { LifecycleHandler } from "../api/index.js";
import { MINIMUM_STOP_WINDOW_MS, type KillReason } from "../lifecycle/index.js";
import type { ContainerContext } from "./container-context.js";
import { runLifecycleHandler } from "./lifecycle-hooks.js";

/** kubelet killContainer: preStop within the grace, then the stop signal with at least 2 s (C5.3, F4). */
export async function killContainer(
  ctx: ContainerContext,
  name: string,
  reason: KillReason,
  gracePeriodMs: number,
): Promise<void> {
  const container = ctx.spec(name);
  ctx.events.killing(container, killingMessage(name, reason));
  let remainingMs = gracePeriodMs;
  const preStop = container.lifecycle?.preStop;
  if (preStop && remainingMs > 0) {
    const startedAt = ctx.deps.clock.now();
    await runHookWithinBudget(ctx, name, preStop, remainingMs);
    // The kubelet subtracts whole seconds (truncated) spent in the hook.
    remainingMs -= Math.floor((ctx.deps.clock.now() - startedAt) / 1000) * 1000;
  }
  await stopContainer(ctx, name, Math.max(remainingMs, MINIMUM_STOP_WINDOW_MS));
}

/** C5.1: the preStop step of pod termination; the engine decides what follows once it is recorded. */
export async function runPreStop(ctx: ContainerContext, name: string, budgetMs: number): Promise<void> {
  const preStop = ctx.spec(name).lifecycle?.preStop;
  if (preStop) await runHookWithinBudget(ctx, name, preStop, budgetMs);
  ctx.record({ type: "preStopFinished", name, atMs: ctx.deps.clock.now() });
  ctx.requestSync();
}

/** Sends the stop signal; the runtime SIGKILLs after `gracePeriodMs`. */
export async function stopContainer(
  ctx: ContainerContext,
  name: string,
  gracePeriodMs: number,
): Promise<void> {
  const id = ctx.containerId(name);
  if (id) await ctx.deps.runtime.stopContainer(id, gracePeriodMs);
}

/** F4: waits for the hook at most `budgetMs`; a failure is only a warning (C7). */
async function runHookWithinBudget(
  ctx: ContainerContext,
  name: string,
  handler: LifecycleHandler,
  budgetMs: number,
): Promise<void> {
  const id = ctx.containerId(name);
  const sandbox = ctx.sandbox();
  // F4: no preStop for a container that already exited.
  if (!id || !sandbox) return;
  const abort = new AbortController();
  // F6: a sleep preStop ends early once the container has exited.
  void ctx.exits.get(name)?.then(() => abort.abort());
  const hook = runLifecycleHandler(handler, {
    runtime: ctx.deps.runtime,
    clock: ctx.deps.clock,
    containerId: id,
    container: ctx.spec(name),
    podIP: sandbox.ip,
    podLabel: ctx.podLabel(),
    timeoutMs: budgetMs,
    signal: abort.signal,
  });
  const budgetSpent = ctx.deps.clock.sleep(budgetMs, abort.signal).then(
    () => ({ ok: true as const }),
    () => ({ ok: true as const }),
  );
  const outcome = await Promise.race([hook, budgetSpent]);
  abort.abort();
  // C7: a failed preStop is only a warning; the stop goes on. The message stays out of the event (F3).
  if (!outcome.ok) ctx.events.failedPreStopHook(ctx.spec(name));
}

function killingMessage(name: string, reason: KillReason): string {
  switch (reason) {
    case "LivenessProbe":
      return `Container ${name} failed liveness probe, will be restarted`;
    case "StartupProbe":
      return `Container ${name} failed startup probe, will be restarted`;
    case "FailedPostStartHook":
      return "FailedPostStartHook";
    default:
      return `Stopping container ${name}`;
  }
}
