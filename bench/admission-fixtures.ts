/**
 * The SidecarSets and pods bench/admission.ts measures with: N SidecarSets of which the last
 * selects the bench pods (`app: <selected>`), each with a sidecar that mounts a volume.
 */
import type { SidecarSet } from "../src/api/sidecarset/sidecarset-types.js";
import type { Fields } from "../src/api/validation/shape.js";
import { defaultedSidecarSet } from "../src/api/index.js";

export function benchSidecarSets(count: number, selectedLabel: string): SidecarSet[] {
  return Array.from({ length: count }, (_, i) => {
    const object = defaultedSidecarSet({
      apiVersion: "apps.kruise.io/v1beta1",
      kind: "SidecarSet",
      metadata: { name: `bench-${String(i).padStart(4, "0")}` },
      spec: {
        // The last one selects the bench pods; the others select other apps.
        selector: { matchLabels: { app: i === count - 1 ? selectedLabel : `other-${i}` } },
        containers: [
          {
            name: `sidecar-${i}`,
            image: `registry.invalid/sidecar:${i}`,
            volumeMounts: [{ name: "logs", mountPath: "/logs" }],
          },
        ],
        volumes: [{ name: "logs", emptyDir: {} }],
      },
    });
    return object as unknown as SidecarSet;
  });
}

export function benchPod(name: string, app: string): Fields {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "bench", labels: { app } },
    spec: {
      containers: [{ name: "app", image: "registry.invalid/app:1", env: [{ name: "A", value: "1" }] }],
    },
  };
}
