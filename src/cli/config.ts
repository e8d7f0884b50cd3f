/**
 * podvisor's own configuration file, shaped like a kubelet configuration:
 *
 *   apiVersion: podvisor.dev/v1alpha1
 *   kind: PodvisorConfiguration
 *   crashLoopBackOff:
 *     maxContainerRestartPeriod: 10s
 *   stateDir: /var/tmp/podvisor
 *   containerLogMaxSize: 10Mi      # kubelet's log rotation (docs/guarantees.md)
 *   containerLogMaxFiles: 5
 *
 * Flags win over the file. Default path: $XDG_CONFIG_HOME/podvisor/config.yaml, when it exists.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { homedir } from "node:os";
import { parse } from "yaml";
import { InvalidInputError } from "../shared/index.js";
import { parseQuantity, quantityToNumber } from "../api/index.js";

export interface PodvisorConfiguration {
  crashLoopBackOff?: { maxContainerRestartPeriod?: string };
  stateDir?: string;
  /** kubelet containerLogMaxSize, as bytes. */
  containerLogMaxSizeBytes?: number;
  /** kubelet containerLogMaxFiles (at least 2, as the kubelet requires). */
  containerLogMaxFiles?: number;
}

export async function loadConfig(
  explicitPath: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<PodvisorConfiguration> {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  const path = explicitPath ?? join(base, "podvisor", "config.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (explicitPath === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new InvalidInputError(`cannot read the configuration file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new InvalidInputError(`${path}: ${(error as Error).message}`);
  }
  return validateConfig(value, path);
}

function validateConfig(value: unknown, path: string): PodvisorConfiguration {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new InvalidInputError(`${path}: must be a PodvisorConfiguration object`);
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  if (record.kind !== undefined && record.kind !== "PodvisorConfiguration")
    problems.push(
      `${path}: kind: Unsupported value: ${JSON.stringify(record.kind)}: supported values: "PodvisorConfiguration"`,
    );
  const config: PodvisorConfiguration = {};
  const backOff = record.crashLoopBackOff;
  if (backOff !== undefined) {
    const period = (backOff as Record<string, unknown> | null)?.maxContainerRestartPeriod;
    if (typeof period !== "string")
      problems.push(
        `${path}: crashLoopBackOff.maxContainerRestartPeriod: Invalid value: must be a duration string such as "10s"`,
      );
    else config.crashLoopBackOff = { maxContainerRestartPeriod: period };
  }
  if (record.stateDir !== undefined) {
    if (typeof record.stateDir !== "string")
      problems.push(`${path}: stateDir: Invalid value: must be a path`);
    else config.stateDir = record.stateDir;
  }
  readLogRotation(record, path, config, problems);
  if (problems.length > 0) throw new InvalidInputError("invalid configuration", problems);
  return config;
}

/** containerLogMaxSize (a quantity, e.g. 10Mi) and containerLogMaxFiles (> 1), as the kubelet validates them. */
function readLogRotation(
  record: Record<string, unknown>,
  path: string,
  config: PodvisorConfiguration,
  problems: string[],
): void {
  const size = record.containerLogMaxSize;
  if (size !== undefined) {
    const parsed = typeof size === "string" || typeof size === "number" ? parseQuantity(size) : undefined;
    const bytes = parsed?.ok ? quantityToNumber(parsed.quantity) : Number.NaN;
    if (!(bytes >= 1))
      problems.push(`${path}: containerLogMaxSize: Invalid value: must be a size such as "10Mi"`);
    else config.containerLogMaxSizeBytes = Math.ceil(bytes);
  }
  const files = record.containerLogMaxFiles;
  if (files !== undefined) {
    if (typeof files !== "number" || !Number.isInteger(files) || files < 2)
      problems.push(
        `${path}: containerLogMaxFiles: Invalid value: ${JSON.stringify(files)}: must be an integer greater than 1`,
      );
    else config.containerLogMaxFiles = files;
  }
}
