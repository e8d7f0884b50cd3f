/**
 * Stopping containers, as the engine plans it for pod termination (C5) and single kills (probe or
 * postStart failure): run a preStop hook within its budget and report its end, send the stop
 * signal. The budgets, the whole-second accounting and the 2 s floor are the engine's.
 */
import type { LifecycleHandler } from "../api/index.js";
import type { ContainerRole, KillReason } from "../lifecycle/index.js";
import { SLEEP_ABORTED } from "../shared/index.js";
import type { ContainerContext } from "./container-context.js";
import { NO_HOOK_TIMEOUT_MS, runLifecycleHandler } from "./lifecycle-hooks.js";

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

/**
 * F4, C6 (kubelet `executePreStopHook`): waits for the hook at most `budgetMs`, then stops
 * waiting — the hook itself is not cancelled. An exec hook lives on until its container dies (so
 * a looping preStop's last output comes at grace + 2 s, when the container is SIGKILLed), an
 * httpGet request until it is answered or the container exits. A failure is only a warning (C7),
 * reported whenever the hook ends, as the kubelet's hook goroutine does.
 */
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
  const containerExited = new AbortController();
  // F6: a sleep preStop ends early once the container has exited (and so does the wait for it).
  void ctx.exits.get(name)?.then(() => containerExited.abort(SLEEP_ABORTED));
  const hook = runLifecycleHandler(handler, {
    runtime: ctx.deps.runtime,
    clock: ctx.deps.clock,
    containerId: id,
    container: ctx.spec(name),
    podIP: sandbox.ip,
    podLabel: ctx.podLabel(),
    timeoutMs: NO_HOOK_TIMEOUT_MS,
    signal: containerExited.signal,
  });
  // C7: the message stays out of the event (F3).
  void hook.then((outcome) => {
    if (!outcome.ok) ctx.events.failedPreStopHook(ctx.spec(name));
  });
  const waitOver = new AbortController();
  containerExited.signal.addEventListener("abort", () => waitOver.abort(SLEEP_ABORTED), { once: true });
  const budgetSpent = ctx.deps.clock.sleep(budgetMs, waitOver.signal).catch(() => undefined);
  await Promise.race([hook, budgetSpent]);
  waitOver.abort(SLEEP_ABORTED);
}

/** The `Killing` event's message: why the kubelet stops this container (kuberuntime_container.go). */
export function killingMessage(
  name: string,
  reason: KillReason | undefined,
  role: ContainerRole | undefined,
): string {
  switch (reason) {
    case "SpecChanged":
      // A16: computeInitContainerActions words it without the restart; computePodActions adds it.
      return role === "sidecar"
        ? `Init container ${name} definition changed`
        : `Container ${name} definition changed, will be restarted`;
    case "LivenessProbe":
      return `Container ${name} failed liveness probe, will be restarted`;
    case "StartupProbe":
      return `Container ${name} failed startup probe, will be restarted`;
    case "FailedPostStartHook":
      return "FailedPostStartHook";
    case "RestartAllContainers":
      // kubelet SyncPod passes this literal message for the kills before an in-place restart.
      return "killing";
    default:
      return `Stopping container ${name}`;
  }
}
