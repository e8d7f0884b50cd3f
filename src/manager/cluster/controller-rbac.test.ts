import { describe, expect, it } from "vitest";
import { controllerRbac } from "./controller-rbac.js";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

function verbsFor(objects: ReturnType<typeof controllerRbac>, group: string, resource: string): string[] {
  return objects
    .flatMap((o) => (o.rules as Rule[] | undefined) ?? [])
    .filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource))
    .flatMap((r) => r.verbs);
}

describe("the rollout controller's RBAC in podvisor install", () => {
  const objects = controllerRbac({
    namespace: "podvisor-system",
    image: "podvisor:0.1.0",
  });

  it("grants what the controller writes: pod patches and conditions, SidecarSet status, revisions, its Lease, Events", () => {
    expect(verbsFor(objects, "", "pods")).toContain("patch");
    expect(verbsFor(objects, "", "pods/status")).toContain("patch");
    expect(verbsFor(objects, "apps.kruise.io", "sidecarsets/status")).toContain("update");
    expect(verbsFor(objects, "apps", "controllerrevisions")).toEqual(
      expect.arrayContaining(["create", "patch", "delete", "list", "watch"]),
    );
    expect(verbsFor(objects, "coordination.k8s.io", "leases")).toEqual(["get", "create", "update"]);
    expect(verbsFor(objects, "", "events")).toContain("create");
  });

  it("ControllerRevisions are granted in kruise-system only, the Lease in podvisor's namespace only", () => {
    const roles = objects.filter((o) => o.kind === "Role");
    expect(roles.map((r) => (r.metadata as { namespace: string }).namespace)).toEqual([
      "kruise-system",
      "podvisor-system",
    ]);
  });

  it("runs two replicas of `podvisor controller` electing a leader in podvisor's namespace", () => {
    const deployment = objects.find((o) => o.kind === "Deployment") as {
      spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } };
    };
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0]?.args.slice(0, 3)).toEqual([
      "controller",
      "--lease-namespace",
      "podvisor-system",
    ]);
  });
});
