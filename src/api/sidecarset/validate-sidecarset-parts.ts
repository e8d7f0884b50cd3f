/**
 * The parts of SidecarSet validation below the spec: update strategy, the Kruise-only fields of
 * each sidecar (podInjectPolicy, shareVolumePolicy, upgradeStrategy, transferEnv, resourcesPolicy), and
 * patchPodMetadata (sidecarset_create_update_handler.go).
 */
import type { FieldError } from "../field-error.js";
import { validateEnum } from "../validation/container.js";
import { validateObjectFieldSelector } from "../validation/env.js";
import { isQualifiedName } from "../validation/names.js";
import {
  checkStringMap,
  invalid,
  isRecord,
  objectItems,
  readBoolean,
  readObject,
  readString,
  type Fields,
} from "../validation/shape.js";
import { validateLabelSelector } from "./validate-label-selector.js";
import { validateResourcesPolicy } from "./validate-resources-policy.js";
import { validateUpdateOrder } from "./validate-update-order.js";

const transferFieldPaths = ["metadata.annotations", "metadata.labels", "metadata.name"];

export function validateSelector(selector: Fields, path: string): FieldError[] {
  const errors = validateLabelSelector(selector, path);
  const labels = isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  if (labels + expressions === 0)
    errors.push(invalid(path, selector, "empty selector is not valid for sidecarset."));
  return errors;
}

export function validateUpdateStrategy(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const path = "spec.updateStrategy";
  const strategy = readObject(value, path, errors);
  if (!strategy) return errors;
  errors.push(...validateEnum(strategy.type, ["NotUpdate", "RollingUpdate"], `${path}.type`));
  readBoolean(strategy.paused, `${path}.paused`, errors);
  if (strategy.type !== "RollingUpdate") return errors;
  const selector = readObject(strategy.selector, `${path}.selector`, errors);
  const partitionSet =
    strategy.partition !== undefined && strategy.partition !== null && strategy.partition !== 0;
  if (partitionSet && selector)
    errors.push(invalid(path, strategy, "Partition and Selector cannot be used together"));
  if (selector) errors.push(...validateSelector(selector, `${path}.selector`));
  for (const field of ["partition", "maxUnavailable"])
    errors.push(...validatePositiveIntOrPercent(strategy[field], `${path}.${field}`));
  errors.push(...validateUpdateOrder(strategy, path));
  return errors;
}

/** apps validation `ValidatePositiveIntOrPercent`. */
function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return [invalid(path, value, "must be an integer or a percentage")];
    return value < 0 ? [invalid(path, value, "must be greater than or equal to 0")] : [];
  }
  if (typeof value === "string") {
    if (!/^[0-9]+%$/.test(value))
      return [
        invalid(
          path,
          value,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    return [];
  }
  return [invalid(path, value, "must be an integer or a percentage")];
}

export function validateSidecarFields(list: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(list)) return errors;
  list.forEach((container: unknown, i) => {
    if (!isRecord(container)) return;
    const itemPath = `${path}[${i}]`;
    errors.push(
      ...validateEnum(
        container.podInjectPolicy,
        ["BeforeAppContainer", "AfterAppContainer"],
        `${itemPath}.podInjectPolicy`,
      ),
    );
    const share = readObject(container.shareVolumePolicy, `${itemPath}.shareVolumePolicy`, errors);
    if (share)
      errors.push(...validateEnum(share.type, ["enabled", "disabled"], `${itemPath}.shareVolumePolicy.type`));
    const upgrade = readObject(container.upgradeStrategy, `${itemPath}.upgradeStrategy`, errors);
    if (upgrade) {
      errors.push(
        ...validateEnum(
          upgrade.upgradeType,
          ["ColdUpgrade", "HotUpgrade"],
          `${itemPath}.upgradeStrategy.upgradeType`,
        ),
      );
      readString(upgrade.hotUpgradeEmptyImage, `${itemPath}.upgradeStrategy.hotUpgradeEmptyImage`, errors);
    }
    readObject(container.shareVolumeDevicePolicy, `${itemPath}.shareVolumeDevicePolicy`, errors);
    errors.push(...validateResourcesPolicy(container, itemPath, path.endsWith("initContainers")));
    for (const [j, transfer] of objectItems(container.transferEnv, `${itemPath}.transferEnv`, errors)) {
      const transferPath = `${itemPath}.transferEnv[${j}]`;
      readString(transfer.sourceContainerName, `${transferPath}.sourceContainerName`, errors);
      readString(transfer.envName, `${transferPath}.envName`, errors);
      const from = readObject(
        transfer.sourceContainerNameFrom,
        `${transferPath}.sourceContainerNameFrom`,
        errors,
      );
      const fieldRef = from
        ? readObject(from.fieldRef, `${transferPath}.sourceContainerNameFrom.fieldRef`, errors)
        : undefined;
      if (fieldRef)
        errors.push(
          ...validateObjectFieldSelector(
            fieldRef,
            transferFieldPaths,
            `${transferPath}.sourceContainerNameFrom.fieldRef`,
          ),
        );
    }
  });
  return errors;
}

/**
 * `injectionStrategy.revision` (Kruise `validateSidecarSetInjectionStrategy`): `revisionName` or
 * `customVersion`, and a known policy. Whether the revision exists is checked against the input's
 * ControllerRevisions (sidecarset/validate-sidecarset-input.ts).
 */
export function validateInjectionRevision(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const path = "spec.injectionStrategy.revision";
  const revision = readObject(value, path, errors);
  if (!revision) return errors;
  const name = readString(revision.revisionName, `${path}.revisionName`, errors);
  const version = readString(revision.customVersion, `${path}.customVersion`, errors);
  if (name === undefined && version === undefined)
    errors.push(invalid(path, revision, "revisionName and customVersion cannot be empty simultaneously"));
  const policy = readString(revision.policy, `${path}.policy`, errors);
  if (typeof policy === "string" && !["", "Always", "Partial"].includes(policy))
    errors.push({
      type: "NotSupported",
      path: `${path}.policy`,
      value: policy,
      detail: 'supported values: "Always", "Partial"',
    });
  return errors;
}

export function validatePatchPodMetadata(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, patch] of objectItems(value, "spec.patchPodMetadata", errors)) {
    const path = `spec.patchPodMetadata[${i}]`;
    const annotations = checkStringMap(patch.annotations, `${path}.annotations`, errors);
    if (!annotations || Object.keys(annotations).length === 0)
      errors.push({
        type: "Required",
        path: `${path}.annotations`,
        detail: "no annotations defined for SidecarSet",
      });
    errors.push(
      ...validateEnum(patch.patchPolicy, ["Retain", "Overwrite", "MergePatchJson"], `${path}.patchPolicy`),
    );
    for (const key of Object.keys(annotations ?? {})) {
      for (const msg of isQualifiedName(key.toLowerCase()))
        errors.push(invalid(`${path}.annotations`, key, msg));
      if (seen.has(key))
        errors.push({
          type: "Duplicate",
          path: `${path}.annotations`,
          value: key,
          detail: `patch annotation[${key}] already exist`,
        });
      seen.add(key);
    }
  }
  return errors;
}
