/** The PATH a container gets when its spec sets none (containerd's default for Linux images). */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The environment a container process gets: nothing from podvisor's own environment; `PATH`
 * (containerd's default, as images without ENV PATH get) and `HOSTNAME` (the pod name, as the
 * runtime sets it), then the spec's entries in order, later ones winning.
 */
export function buildContainerEnv(
  podName: string,
  env: readonly (readonly [string, string])[],
): Record<string, string> {
  const result: Record<string, string> = { PATH: DEFAULT_PATH, HOSTNAME: podName };
  for (const [name, value] of env) result[name] = value;
  return result;
}
