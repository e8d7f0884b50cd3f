/**
 * When the probe's `restartPolicy: Always` did not survive admission, which webhook most likely
 * dropped it. The usual culprit (the tutorial's) is a webhook built with Kubernetes client
 * libraries older than 1.28: it decodes the pod into types without the field and answers with
 * the whole re-serialized pod. Evidence, strongest first: it left its mark on the probe (a label
 * or annotation key under its own domain); it names pods in its rules rather than by wildcard; it
 * speaks only AdmissionReview v1beta1 (old libraries). podvisor's own webhook answers with a
 * JSON patch of its changes only and is listed last. Ties keep the API server's call order.
 */
import type { PodWebhook } from "./match-webhooks.js";

export interface Suspect {
  webhook: PodWebhook;
  /** Why it is suspected, strongest first. */
  reasons: string[];
  score: number;
}

/** "sidecar-injector.istio.io" → ["sidecar-injector.istio.io", "istio.io"]: domains a key may sit under. */
function domainsOf(name: string): string[] {
  const parts = name.split(".");
  const domains: string[] = [];
  for (let i = 0; i + 2 <= parts.length; i++) domains.push(parts.slice(i).join("."));
  return domains;
}

function leftMark(webhook: PodWebhook, addedKeys: readonly string[]): string | undefined {
  const domains = [...domainsOf(webhook.name), ...domainsOf(webhook.configuration)];
  return addedKeys.find((key) => {
    const slash = key.indexOf("/");
    if (slash < 0) return false;
    const prefix = key.slice(0, slash);
    return domains.some((d) => prefix === d || prefix.endsWith(`.${d}`));
  });
}

export function rankSuspects(webhooks: readonly PodWebhook[], addedKeys: readonly string[]): Suspect[] {
  const suspects = webhooks.map((webhook) => {
    const reasons: string[] = [];
    let score = 0;
    const mark = leftMark(webhook, addedKeys);
    if (mark !== undefined) {
      score += 4;
      reasons.push(`it changed the probe pod (added ${mark})`);
    }
    if (webhook.namesPods) {
      score += 2;
      reasons.push("its rules name pods");
    }
    if (webhook.admissionReviewVersions.length > 0 && !webhook.admissionReviewVersions.includes("v1")) {
      score += 1;
      reasons.push("it speaks only AdmissionReview v1beta1 (old client libraries)");
    }
    if (webhook.conditional) {
      score -= 1;
      reasons.push("it has matchConditions, which may not have selected the probe");
    }
    if (webhook.name.endsWith(".podvisor.dev")) {
      score -= 8;
      reasons.push("podvisor's own webhook patches only what it changes");
    }
    if (reasons.length === 0) reasons.push("it mutates pod CREATE in this namespace");
    return { webhook, reasons, score };
  });
  return suspects.sort((a, b) => b.score - a.score || a.webhook.order - b.webhook.order);
}
