/**
 * Carries out a rollout plan against the API server, in Kruise's order
 * (pkg/controller/sidecarset/sidecarset_processor.go `UpdateSidecarSet`): the revision history
 * first, then the SidecarSet's status subresource when it changed, then the pods in the planned
 * order — each an RFC 6902 patch led by the planner's `test` of the pod's resourceVersion, so a
 * pod changed since the cache saw it is refused (422) rather than overwritten — stopping at the
 * first failure; then pod conditions and core/v1 Events (what Kruise's EventRecorder writes).
 * Every successful pod write is remembered as a pending expectation until the cache shows it.
 */
import { kruiseNamespace, type Fields, type PodCondition, type SidecarSet } from "../../api/index.js";
import type { Clock } from "../../shared/index.js";
import type { Logger } from "../../shared/index.js";
import { defaultConflictBackoff, KubeApiError, retryOnConflict, type KubeClient } from "../../kube/index.js";
import type {
  RevisionHistoryPlan,
  RolloutEvent,
  SidecarSetRolloutActions,
} from "../../controllers/sidecarset-rollout/index.js";

const jsonPatch = "application/json-patch+json";
const mergePatch = "application/merge-patch+json";
const strategicMergePatch = "application/strategic-merge-patch+json";
export const controllerComponent = "sidecarset-controller";

export interface RolloutWriterOptions {
  client: KubeClient;
  clock: Clock;
  random: () => number;
  logger: Logger;
  signal: AbortSignal;
  /** A pod write went through: remember its resourceVersion until the cache shows it. */
  onPodWritten: (key: string, resourceVersion: string) => void;
  onPodUpdated: () => void;
}

export class RolloutWriter {
  constructor(private readonly options: RolloutWriterOptions) {}

  async writeRevisionHistory(plan: RevisionHistoryPlan): Promise<void> {
    const { client, signal } = this.options;
    const base = `/apis/apps/v1/namespaces/${kruiseNamespace}/controllerrevisions`;
    if (plan.create !== undefined) {
      try {
        await client.requestJson("POST", base, plan.create, signal);
      } catch (error) {
        // The cache had not shown our own earlier create yet: the same name holds the same data.
        if (!(error instanceof KubeApiError && error.statusCode === 409)) throw error;
      }
    }
    if (plan.renumber !== undefined)
      await client.requestJson(
        "PATCH",
        `${base}/${plan.renumber.name}`,
        { revision: plan.renumber.revision },
        signal,
        mergePatch,
      );
    if (plan.customVersionLabel !== undefined) {
      const { name, value } = plan.customVersionLabel;
      const labels = { "apps.kruise.io/sidecarset-custom-version": value };
      await client.requestJson("PATCH", `${base}/${name}`, { metadata: { labels } }, signal, mergePatch);
    }
    for (const name of plan.deleteRevisions) {
      try {
        await client.requestJson("DELETE", `${base}/${name}`, undefined, signal);
      } catch (error) {
        if (!(error instanceof KubeApiError && error.statusCode === 404)) throw error;
      }
    }
    if (plan.truncateError !== undefined) this.options.logger.warn(plan.truncateError);
  }

  /** Status first, then pods, conditions and events. Throws on the first failed write. */
  async writeRollout(sidecarSet: SidecarSet, actions: SidecarSetRolloutActions): Promise<void> {
    const { client, signal } = this.options;
    if (actions.isStatusChanged) await this.writeStatus(sidecarSet, actions.status);
    for (const update of actions.podUpdates) {
      const path = podPath(update.namespace, update.name);
      let written = await client.requestJson("PATCH", path, update.patch, signal, jsonPatch);
      this.options.onPodUpdated();
      this.options.onPodWritten(`${update.namespace}/${update.name}`, resourceVersionOf(written));
      if (update.condition !== undefined) {
        written = await this.writeCondition(update.namespace, update.name, update.condition);
        this.options.onPodWritten(`${update.namespace}/${update.name}`, resourceVersionOf(written));
      }
      if (update.event !== undefined) await this.recordEvent(update.event, written);
    }
    for (const { namespace, name: podName, condition } of actions.podConditions) {
      const written = await this.writeCondition(namespace, podName, condition);
      this.options.onPodWritten(`${namespace}/${podName}`, resourceVersionOf(written));
    }
    for (const event of actions.events) await this.recordEvent(event, sidecarSet as unknown as Fields);
  }

  /**
   * Kruise's `updateSidecarSetStatus`: the status subresource replaced, retried on a conflict
   * (retry.DefaultBackoff) with the SidecarSet read again — our cache can lag our own last status
   * write. Kruise then also stamps the re-read generation as observed; the status keeps the
   * generation it was planned from, as a newer spec has not been planned yet.
   */
  private async writeStatus(
    sidecarSet: SidecarSet,
    status: SidecarSetRolloutActions["status"],
  ): Promise<void> {
    const { client, clock, random, signal } = this.options;
    const path = `/apis/apps.kruise.io/v1beta1/sidecarsets/${sidecarSet.metadata.name ?? ""}`;
    let current = sidecarSet as unknown as Fields;
    await retryOnConflict(defaultConflictBackoff, { clock, random, signal }, async () => {
      try {
        await client.requestJson("PUT", `${path}/status`, { ...current, status }, signal);
      } catch (error) {
        current = await client.requestJson("GET", path, undefined, signal).catch(() => current);
        throw error;
      }
    });
  }

  private writeCondition(namespace: string, name: string, condition: PodCondition): Promise<Fields> {
    const body = { status: { conditions: [condition] } };
    const path = `${podPath(namespace, name)}/status`;
    return this.options.client.requestJson("PATCH", path, body, this.options.signal, strategicMergePatch);
  }

  /** A core/v1 Event as client-go's recorder makes one; a failure is logged, not retried. */
  private async recordEvent(event: RolloutEvent, object: Fields): Promise<void> {
    const { involvedObject } = event;
    const namespace = involvedObject.namespace ?? "default";
    const meta = (object.metadata ?? {}) as { uid?: string; resourceVersion?: string };
    const now = new Date(this.options.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const suffix = Math.floor(this.options.clock.now() * 1000 + this.options.random() * 1000).toString(16);
    const body = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${involvedObject.name}.${suffix}`, namespace },
      involvedObject: {
        kind: involvedObject.kind,
        apiVersion: involvedObject.kind === "Pod" ? "v1" : "apps.kruise.io/v1beta1",
        name: involvedObject.name,
        ...(involvedObject.namespace !== undefined ? { namespace } : {}),
        ...(meta.uid !== undefined ? { uid: meta.uid } : {}),
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: controllerComponent },
      reportingComponent: controllerComponent,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    try {
      await this.options.client.requestJson(
        "POST",
        `/api/v1/namespaces/${namespace}/events`,
        body,
        this.options.signal,
      );
    } catch (error) {
      this.options.logger.warn("cannot record an event", { reason: event.reason, error: String(error) });
    }
  }
}

function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

function resourceVersionOf(object: Fields): string {
  const meta = (object.metadata ?? {}) as { resourceVersion?: unknown };
  return typeof meta.resourceVersion === "string" ? meta.resourceVersion : "";
}
