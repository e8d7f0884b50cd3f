/**
 * What the process backend can do: containers are host processes in their own pid and mount
 * namespaces, on the host's network, as podvisor's user, without cgroups; `image` is a label.
 */
import type { RuntimeCapabilities } from "../capabilities.js";

export const processRuntimeCapabilities: RuntimeCapabilities = {
  displayName: "the process backend",
  volumeTypes: ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected"],
  enforcesResourceLimits: false,
  honoursSecurityContext: false,
  sharesProcessNamespace: false,
  pullsImages: false,
  network: "host",
};
