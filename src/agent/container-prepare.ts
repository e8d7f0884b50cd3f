/**
 * Preparing a pod's upcoming containers ahead of their turn, on a runtime that can
 * (`prepareContainer`; docs/container-backend.md, "Containers prepared ahead of their turn"):
 * while the current container starts and runs, the next ones are created, in the order the engine
 * starts them, one at a time, so a turn is then only the start call. Which containers is the
 * engine's decision (lifecycle `containersToPrepare`); each is checked again just before its
 * preparation, as its turn may have come meanwhile. The turn itself is unchanged: it builds its
 * launch spec again and the runtime uses the prepared container only if it would create the same.
 */
import type { PodSandbox } from "../runtime/index.js";
import type { ContainerContext } from "./container-context.js";
import { containerLaunchSpec } from "./container-launch.js";

export class ContainerPreparer {
  private readonly waiting: string[] = [];
  private isDraining = false;

  constructor(
    private readonly ctx: ContainerContext,
    /** Whether `name` is still to prepare now (no start, no turn, pod not terminating). */
    private readonly isStillToPrepare: (name: string) => boolean,
  ) {}

  /** Prepares `names` in this order, after any asked before; returns at once. */
  prepare(names: readonly string[]): void {
    if (this.ctx.deps.runtime.prepareContainer === undefined) return;
    this.waiting.push(...names);
    if (!this.isDraining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.isDraining = true;
    try {
      for (let name = this.waiting.shift(); name !== undefined; name = this.waiting.shift()) {
        const sandbox = this.ctx.sandbox();
        if (sandbox === undefined || !this.isStillToPrepare(name)) continue;
        await this.prepareOne(sandbox, name).catch(() => undefined);
      }
    } finally {
      this.isDraining = false;
    }
  }

  /** A container whose environment cannot be resolved yet is left to its turn, which reports why. */
  private async prepareOne(sandbox: PodSandbox, name: string): Promise<void> {
    const built = containerLaunchSpec(this.ctx, this.ctx.spec(name), sandbox);
    if ("error" in built) return;
    await this.ctx.deps.runtime.prepareContainer?.(sandbox, built.launch);
  }
}
