/**
 * `podvisor timeline POD [POD...]`: the picture of pods' lives (timeline/) as SVG or a
 * self-contained HTML page, from a run in the state directory (the latest, or --run ID; a live
 * run is drawn up to now) or from saved objects (-f: pods as `kubectl get pod -o yaml` prints
 * them, with `kubectl get events -o json` beside them). Thin: read, build, render, write.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { decodeManifests, isRecord, type Pod } from "../../api/index.js";
import { InvalidInputError, StateError } from "../../shared/index.js";
import { defaultStateRoot, resolveRun } from "../../store/index.js";
import {
  buildTimeline,
  eventFromCoreEvent,
  readRunTimeline,
  renderTimelineHtml,
  renderTimelineSvg,
  type TimelineModel,
} from "../../timeline/index.js";
import { loadConfig } from "../config.js";
import { helpParagraphs } from "../help-text.js";
import { parseDurationMs } from "../parse-duration.js";
import { readManifestSources } from "../read-manifests.js";
import type { ViewContext } from "./get-source.js";
import { notFoundMessage } from "./get-source.js";

interface TimelineFlags {
  stateDir?: string;
  run?: string;
  config?: string;
  filename?: string[];
  output?: string;
  html: boolean;
  since?: string;
  width: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTimelineCommand(
  program: Command,
  ctx: ViewContext & { env: NodeJS.ProcessEnv },
  setExitCode: (code: number) => void,
): void {
  program
    .command("timeline")
    .summary("draw pods' lives: a lane per container, coloured by state, as SVG or HTML")
    .description(
      helpParagraphs([
        "Draw the life of pods of the latest run (or --run ID, or saved objects with -f): the pod phase and",
        "conditions as bands on top, then one lane per container in spec order (init containers, sidecars,",
        "then app containers below a dashed line), coloured by state — waiting with its reason",
        "(ContainerCreating, PodInitializing, CrashLoopBackOff, ...) and how long, running, running and",
        "ready, terminated with its exit code — with restarts, probe failures and kills as ticks, and",
        "an axis in seconds since the first pod started. Several pods are stacked on one axis.",
        "A run still going on is drawn up to now.",
      ]),
    )
    .argument("<pods...>", "the pods to draw")
    .option("-o, --output <file>", "write the picture to this file instead of stdout")
    .option("--html", "a self-contained HTML page (the SVG and a legend) instead of SVG", false)
    .option("--since <duration>", "only the last DURATION before the end (e.g. 30s, 2m)")
    .option("--width <px>", "width of the picture in pixels", "960")
    .option("--state-dir <dir>", "the state directory to read (default $XDG_STATE_HOME/podvisor)")
    .option("--run <id>", "read this run instead of the latest (a directory name under <state-dir>/runs)")
    .option("--config <path>", "a PodvisorConfiguration file (for its stateDir)")
    .option(
      "-f, --filename <path>",
      "read saved objects instead of a run: pods (kubectl get pod -o yaml/json) and events (kubectl get events -o json); repeatable",
      collect,
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  podvisor timeline crashing-sidecar > crashing-sidecar.svg",
        "  podvisor timeline web db --html -o pods.html",
        "  podvisor timeline web --since 30s --run 20260101-120000-ab12",
        "  kubectl get pod web -o yaml > web.yaml; kubectl get events -o json > events.json",
        "  podvisor timeline web -f web.yaml -f events.json -o web.svg",
      ].join("\n"),
    )
    .action(async (pods: string[], flags: TimelineFlags) => {
      setExitCode(await timelineCommand(pods, flags, ctx));
    });
}

async function timelineCommand(
  names: readonly string[],
  flags: TimelineFlags,
  ctx: ViewContext & { env: NodeJS.ProcessEnv },
): Promise<number> {
  const widthPx = Number(flags.width);
  if (!Number.isInteger(widthPx) || widthPx < 300 || widthPx > 20_000)
    throw new InvalidInputError(
      `--width must be a whole number of pixels from 300 to 20000, got ${JSON.stringify(flags.width)}`,
    );
  const sinceMs = flags.since !== undefined ? parseDurationMs(flags.since, "--since") : undefined;
  let model: TimelineModel;
  let missing: string[];
  if (flags.filename !== undefined && flags.filename.length > 0) {
    ({ model, missing } = await savedTimeline(flags.filename, names, sinceMs, ctx.stdin));
  } else {
    const stateDir =
      flags.stateDir ?? (await loadConfig(flags.config, ctx.env)).stateDir ?? defaultStateRoot(ctx.env);
    ({ model, missing } = readRunTimeline(resolveRun(stateDir, flags.run), {
      podNames: names,
      nowMs: ctx.clock.now(),
      ...(sinceMs !== undefined ? { sinceMs } : {}),
    }));
  }
  for (const name of missing) ctx.stderr.write(`${notFoundMessage("pods", name)}\n`);
  if (model.pods.length === 0) return 1;
  const picture = flags.html ? renderTimelineHtml(model, { widthPx }) : renderTimelineSvg(model, { widthPx });
  if (flags.output === undefined) ctx.stdout.write(picture);
  else {
    try {
      writeFileSync(flags.output, picture);
    } catch (error) {
      throw new StateError(`cannot write ${flags.output}: ${(error as Error).message}`, { cause: error });
    }
  }
  return missing.length > 0 ? 1 : 0;
}

async function savedTimeline(
  paths: readonly string[],
  names: readonly string[],
  sinceMs: number | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<{ model: TimelineModel; missing: string[] }> {
  const decoded = decodeManifests(await readManifestSources(paths, stdin), {
    accept: [
      { apiVersion: "v1", kind: "Pod" },
      { apiVersion: "v1", kind: "Event" },
    ],
    command: "podvisor timeline -f",
  });
  const problems = [...decoded.errors];
  const pods: Pod[] = [];
  for (const { source, kind, object } of decoded.objects) {
    if (kind !== "Pod") continue;
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const label = `${source}: Pod ${typeof metadata.name === "string" ? JSON.stringify(metadata.name) : "(no name)"}`;
    if (typeof metadata.name !== "string" || metadata.name === "")
      problems.push(`${label}: metadata.name must be set`);
    else if (!isRecord(object.spec) || !Array.isArray(object.spec.containers))
      problems.push(`${label}: spec.containers must be a list`);
    else
      pods.push({
        ...object,
        metadata: {
          ...metadata,
          namespace: typeof metadata.namespace === "string" ? metadata.namespace : "default",
        },
      } as unknown as Pod);
  }
  if (problems.length > 0)
    throw new InvalidInputError(
      "malformed saved objects",
      problems.map((p) => `error: ${p}`),
    );
  const events = decoded.objects.flatMap(({ kind, object }) => {
    const event = kind === "Event" ? eventFromCoreEvent(object) : undefined;
    return event !== undefined ? [event] : [];
  });
  const selected = names.flatMap((name) => pods.filter((pod) => pod.metadata.name === name));
  const missing = names.filter((name) => !pods.some((pod) => pod.metadata.name === name));
  // Saved objects are a moment past: the picture ends at their last record, not at now.
  const model = buildTimeline(
    selected.map((pod) => ({ pod, events })),
    sinceMs !== undefined ? { sinceMs } : {},
  );
  return { model, missing };
}
