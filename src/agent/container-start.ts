/**
 * Starting one container instance (kubelet `startContainer`): resolve its environment, create
 * and start it, run postStart — the next start waits for it (A5, F2) — then begin probing.
 * A failed postStart kills the instance (F3); its exit is reported once postStart returned.
 */
import type { Container } from "../api/index.js";
import { podGracePeriodMs } from "../lifecycle/index.js";
import { ContainerStartError } from "../shared/index.js";
import { pullSecretsWarning, resolvePullSecrets } from "../podspec/index.js";
import type { ContainerContext } from "./container-context.js";
import { containerLaunchSpec } from "./container-launch.js";
import { NO_HOOK_TIMEOUT_MS, runLifecycleHandler } from "./lifecycle-hooks.js";
import { ensureImage } from "./image-puller.js";

/**
 * `withHooksAndProbes: false` for a sidecar restarted during pod termination (KEP-4438 alpha
 * limitations: "container lifecycle hooks are not invoked", "probes not re-attached").
 */
export async function startContainer(
  ctx: ContainerContext,
  name: string,
  { withHooksAndProbes }: { withHooksAndProbes: boolean } = { withHooksAndProbes: true },
): Promise<void> {
  const container = ctx.spec(name);
  const sandbox = ctx.sandbox();
  if (!sandbox) throw new Error(`internal: container ${name} started before the sandbox`);
  const { deps } = ctx;
  let imageRef: string | undefined;
  if (deps.runtime.capabilities.pullsImages) {
    // The kubelet fetches the pull secrets on each sync and pulls without the missing ones.
    const pullSecrets = resolvePullSecrets(ctx.pod(), deps.objects);
    if (pullSecrets.missing.length > 0)
      ctx.events.failedToRetrievePullSecrets(pullSecretsWarning(pullSecrets.missing));
    const image = await ensureImage(deps.runtime, deps.clock, container, ctx.events, pullSecrets.secrets);
    if (!image.ok && image.reason === "ErrImagePull") {
      // A18: the engine keeps the image's back-off; the kubelet's "Error: ErrImagePull" event.
      ctx.record({
        type: "imagePullFailed",
        name,
        image: container.image ?? "",
        message: image.message,
        atMs: deps.clock.now(),
      });
      ctx.events.failed(container, `Error: ${image.reason}`);
      ctx.requestSync();
      return;
    }
    if (!image.ok) {
      // A18: no pull was tried, so no back-off of either kind; the sync comes round in 10 s.
      startFailed(ctx, container, image.reason, image.message, {
        eventMessage: `Error: ${image.reason}`,
        retriesOnSync: true,
      });
      return;
    }
    imageRef = image.imageRef;
  }
  const built = containerLaunchSpec(ctx, container, sandbox);
  if ("error" in built) {
    startFailed(ctx, container, "CreateContainerConfigError", built.error, { retriesOnSync: true });
    return;
  }
  const { launch } = built;
  const instance = ctx.restartCount(name);
  let started;
  try {
    started = await deps.runtime.startContainer(sandbox, launch, (line) =>
      deps.onLog(ctx.pod(), name, line, instance),
    );
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? "RunContainerError";
    const message = error instanceof Error ? error.message : String(error);
    const leftExited = error instanceof ContainerStartError ? error.leftExited : undefined;
    startFailed(ctx, container, reason, message, {
      retriesOnSync: CREATE_FAILURES.has(reason),
      ...(leftExited ? { leftExited } : {}),
    });
    return;
  }
  ctx.events.created(container);
  ctx.events.started(container);
  ctx.exits.set(name, started.exited);
  const running = () =>
    ctx.record({
      type: "containerRunning",
      name,
      id: started.id,
      startedAtMs: started.startedAtMs,
      ...(imageRef !== undefined ? { imageRef } : {}),
    });
  let postStartDone: Promise<void> = Promise.resolve();
  const postStart = withHooksAndProbes ? container.lifecycle?.postStart : undefined;
  if (postStart) {
    postStartDone = runLifecycleHandler(postStart, {
      runtime: deps.runtime,
      clock: deps.clock,
      containerId: started.id,
      container,
      podIP: sandbox.ip,
      podLabel: ctx.podLabel(),
      timeoutMs: NO_HOOK_TIMEOUT_MS,
    }).then((outcome) => {
      running();
      if (outcome.ok) {
        ctx.probes.startInstance(container, started.id, started.startedAtMs, sandbox.ip);
        return;
      }
      // F3, D8: the start is reported as PostStartHookError with the hook's message (status only);
      // the kubelet leaves that output out of the event (it may hold secrets).
      ctx.record({ type: "postStartFailed", name, message: outcome.message });
      ctx.events.failedPostStartHook(container);
      // F3: the engine carries the kill out like any single kill (preStop, then the stop signal).
      ctx.record({
        type: "killStarted",
        name,
        reason: "FailedPostStartHook",
        atMs: deps.clock.now(),
        gracePeriodMs: podGracePeriodMs(ctx.pod()),
      });
      ctx.requestSync();
    });
  } else {
    running();
    if (withHooksAndProbes) ctx.probes.startInstance(container, started.id, started.startedAtMs, sandbox.ip);
  }
  // An exit during postStart is seen after postStart returned, as the kubelet's PLEG would.
  void Promise.all([started.exited, postStartDone]).then(([exit]) => {
    // E9: the instance's probe timers go with it.
    ctx.probes.stopInstance(name, started.id);
    deps.onLogEnd?.(ctx.pod(), name, instance);
    ctx.record({ type: "containerExited", name, exit });
    ctx.requestSync();
  });
  await postStartDone;
}

/**
 * A17: the reasons kuberuntime_container.go `startContainer` returns before `CreateContainer`
 * succeeded. No container exists after them, so no exited instance for `doBackOff` to back off
 * from: the start is tried again when the failed sync comes round (`retriesOnSync`), not after a
 * CrashLoopBackOff window of its own. A RunContainerError's container was created and exited.
 */
const CREATE_FAILURES: ReadonlySet<string> = new Set(["CreateContainerConfigError", "CreateContainerError"]);

/**
 * A17, D8: the start failed for a runtime reason; the container waits with that reason and is
 * retried — or, when the runtime kept the failed container (`leftExited`), it is an exited
 * instance (StartError, 128) restarted per the restart policy.
 */
function startFailed(
  ctx: ContainerContext,
  container: Container,
  reason: string,
  message: string,
  {
    eventMessage = `Error: ${message}`,
    retriesOnSync = false,
    leftExited,
  }: { eventMessage?: string; retriesOnSync?: boolean; leftExited?: { containerId?: string } } = {},
): void {
  ctx.record({
    type: "containerStartFailed",
    name: container.name,
    reason,
    message,
    atMs: ctx.deps.clock.now(),
    ...(retriesOnSync ? { retriesOnSync } : {}),
    ...(leftExited ? { leftExited } : {}),
  });
  ctx.events.failed(container, eventMessage);
  ctx.requestSync();
}
