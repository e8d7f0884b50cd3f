/**
 * Stopping containers, as the engine plans it for pod termination (C5) and single kills (probe or
 * postStart failure): run a preStop hook within its budget and report its end, send the stop
 * signal. The budgets, the whole-second accounting and the 2 s floor are the engine's.
 */
import type { LifecycleHandler } from "../api/index.js";
import type { KillReason } from "../lifecycle/index.js";
import type { ContainerContext } from "./container-context.js";
import { runLifecycleHandler } from "./lifecycle-hooks.js";

/** C5.1: a preStop step; the engine decides what follows once its end is recorded. */
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

/** The `Killing` event's message: why the kubelet stops this container (kuberuntime_container.go). */
export function killingMessage(name: string, reason: KillReason | undefined): string {
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
