/**
 * podspec/ turns a pod's spec into what a runtime backend is asked to run, purely: each
 * container's environment (env, envFrom, the downward API, `$(VAR)` expansion), its volumes with
 * their contents resolved from ConfigMaps, Secrets and the downward API, and the launch spec
 * (argv, mounts, stop signal, limits and security context), and the registry logins a pod's
 * imagePullSecrets give an image (the kubelet's credential keyring). The kubelet does this in
 * kuberuntime before calling the CRI. No I/O, no clock: the pod, the objects it references and the
 * node's facts are inputs.
 */
export type {
  ContainerLaunchSpec,
  ContainerMount,
  PodSandboxSpec,
  ResolvedFile,
  ResolvedVolume,
} from "./container-launch-spec.js";
export { expandVariables, resolveContainerEnv, type EnvResult, type EnvSources } from "./container-env.js";
export { resolveVolumes } from "./container-volumes.js";
export {
  defaultTokenExpirationSeconds,
  lookupInLists,
  type ObjectLookup,
  type ServiceAccountToken,
  type TokenRequestKey,
} from "./object-lookup.js";
export { tokenRequestKeys } from "./container-volumes.js";
export { buildLaunchSpec, buildSandboxSpec } from "./launch-spec.js";
export {
  CARRIED_CONTAINER_SECURITY_FIELDS,
  CARRIED_POD_SECURITY_FIELDS,
  linuxContainerSettings,
  type LinuxContainerSettings,
} from "./linux-settings.js";
export {
  buildDockerKeyring,
  lookupDockerKeyring,
  normalizedRepository,
  type DockerConfig,
  type DockerKeyring,
  type RegistryAuth,
} from "./docker-keyring.js";
export {
  dockerConfigsOf,
  pullSecretsWarning,
  resolvePullSecrets,
  type PodPullSecrets,
} from "./pull-secrets.js";
