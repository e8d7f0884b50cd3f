/**
 * `podvisor cleanup`: removes what runs whose podvisor died (SIGKILL, a crash) left behind — their
 * pod volume directories, Secret and ConfigMap files included — and keeps their records for
 * `get`, `describe` and `logs`. Every `podvisor run` does the same when it starts, for the runs
 * that registered as live (store/live-run-registry.ts), so its start-up does not grow with the
 * history; this command looks at every run in the state directory, runs made before the
 * registry existed included.
 */
import type { Command } from "commander";
import type { Writable } from "node:stream";
import type { Clock } from "../../shared/index.js";
import { describeUnmounted } from "../../runtime/container/index.js";
import { cleanLostRuns, defaultStateRoot } from "../../store/index.js";
import { loadConfig } from "../config.js";

export function registerCleanupCommand(
  program: Command,
  ctx: { clock: Clock; stdout: Writable; env: NodeJS.ProcessEnv },
): void {
  program
    .command("cleanup")
    .summary("remove what runs killed without cleaning up left behind (their pod volumes, tmpfs mounts)")
    .description(
      "Remove the pod volume directories (Secret and ConfigMap files, emptyDirs) of runs whose podvisor died without recording its end (SIGKILL, a crash), unmounting the tmpfs of their medium: Memory emptyDirs first (lazily when busy). Their records stay for get, describe and logs. Every `podvisor run` does this when it starts, but only for the runs registered in <state-dir>/live-runs/ (a run is registered until it records its end); this command checks every run in the state directory, runs from podvisor versions before the registry included.",
    )
    .option("--state-dir <dir>", "the state directory (default $XDG_STATE_HOME/podvisor)")
    .option("--config <path>", "a PodvisorConfiguration file (for its stateDir)")
    .action(async (flags: { stateDir?: string; config?: string }) => {
      const config = await loadConfig(flags.config, ctx.env);
      const root = flags.stateDir ?? config.stateDir ?? defaultStateRoot(ctx.env);
      const { cleaned, unmounted } = cleanLostRuns(root, ctx.clock.now(), "all");
      for (const mount of unmounted)
        ctx.stdout.write(`run ${mount.run}: unmounted ${describeUnmounted(mount)}\n`);
      for (const id of cleaned) ctx.stdout.write(`run ${id} cleaned up\n`);
    });
}
