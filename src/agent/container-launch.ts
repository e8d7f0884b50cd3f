/**
 * A container's launch spec as its start builds it (kubelet `generateContainerConfig`): its
 * environment resolved against the pod's objects, the pod's IP and the node, then the spec the
 * runtime is asked to create. A container's start and its preparation ahead of the turn
 * (container-prepare.ts) build it with this one function, so the two can only differ by what
 * changed in between (the runtime then discards the prepared container).
 */
import type { Container } from "../api/index.js";
import { buildLaunchSpec, resolveContainerEnv } from "../podspec/index.js";
import type { ContainerLaunchSpec, PodSandbox } from "../runtime/index.js";
import type { ContainerContext } from "./container-context.js";

export function containerLaunchSpec(
  ctx: ContainerContext,
  container: Container,
  sandbox: PodSandbox,
): { launch: ContainerLaunchSpec } | { error: string } {
  const { deps } = ctx;
  const envResult = resolveContainerEnv(ctx.pod(), container, {
    objects: deps.objects,
    podIP: sandbox.ip,
    hostIP: deps.hostIP,
    nodeName: deps.nodeName,
  });
  if ("error" in envResult) return { error: envResult.error };
  return { launch: buildLaunchSpec(ctx.pod(), container, envResult.env) };
}
