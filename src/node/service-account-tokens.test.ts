import { describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { KubeApiError } from "../kube/index.js";
import { silentLogger } from "../shared/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import type { KubeRequester } from "./pod-status-manager.js";
import { ServiceAccountTokens } from "./service-account-tokens.js";

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop", uid: "uid-1" },
  spec: {
    serviceAccountName: "builder",
    containers: [{ name: "app", image: "a" }],
    volumes: [
      {
        name: "kube-api-access-abcde",
        projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3600, path: "token" } }] },
      },
      {
        name: "vault",
        projected: {
          sources: [{ serviceAccountToken: { audience: "vault", expirationSeconds: 600, path: "t" } }],
        },
      },
    ],
  },
};

function tokenManager(random = () => 0) {
  const clock = new FakeClock();
  const requests: { path: string; body: unknown }[] = [];
  let isFailing = false;
  const client: KubeRequester = {
    requestJson: (_method, path, body) => {
      requests.push({ path, body });
      if (isFailing) return Promise.reject(new KubeApiError("POST …: refused", 0, undefined));
      const spec = (body as { spec: { expirationSeconds: number } }).spec;
      return Promise.resolve({
        spec,
        status: {
          token: `token-${requests.length}`,
          expirationTimestamp: new Date(clock.now() + spec.expirationSeconds * 1000).toISOString(),
        },
      });
    },
  };
  const tokens = new ServiceAccountTokens({ client, clock, random, logger: silentLogger });
  return { clock, requests, tokens, fail: (value: boolean) => (isFailing = value) };
}

describe("ServiceAccountTokens (the kubelet's token manager)", () => {
  it("requests a TokenRequest bound to the pod per audience and lifetime, for the pod's ServiceAccount", async () => {
    const { requests, tokens } = tokenManager();
    expect(await tokens.forPod(pod)).toEqual([
      { audience: "", expirationSeconds: 3600, token: "token-1" },
      { audience: "vault", expirationSeconds: 600, token: "token-2" },
    ]);
    expect(requests[0]).toEqual({
      path: "/api/v1/namespaces/shop/serviceaccounts/builder/token",
      body: {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {
          expirationSeconds: 3600,
          boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "web", uid: "uid-1" },
        },
      },
    });
    expect((requests[1]?.body as { spec: { audiences: string[] } }).spec.audiences).toEqual(["vault"]);
  });

  it("serves the cached token until 80 % of its lifetime has passed, then requests a new one", async () => {
    const { clock, requests, tokens } = tokenManager();
    await tokens.forPod(pod);
    await clock.advance(480_000); // 80 % of the 600 s token
    await tokens.forPod(pod);
    expect(requests).toHaveLength(2);
    await clock.advance(1);
    const [hour, vault] = await tokens.forPod(pod);
    expect(requests).toHaveLength(3);
    expect([hour?.token, vault?.token]).toEqual(["token-1", "token-3"]);
  });

  it("the refresh jitter (up to 10 s, whole seconds) brings the refresh forward", async () => {
    const { clock, requests, tokens } = tokenManager(() => 0.99);
    await tokens.forPod(pod);
    await clock.advance(471_001); // 480 s − 9 s jitter, and 1 ms past it
    await tokens.forPod(pod);
    expect(requests).toHaveLength(3);
  });

  it("a failed refresh keeps serving the cached token until it expires; then it is an error", async () => {
    const { clock, tokens, fail } = tokenManager();
    await tokens.forPod(pod);
    fail(true);
    await clock.advance(500_000);
    expect((await tokens.forPod(pod)).map((t) => t.token)).toEqual(["token-1", "token-2"]);
    await clock.advance(100_001);
    await expect(tokens.forPod(pod)).rejects.toThrow("refused");
  });

  it("the ServiceAccount defaults to `default`", async () => {
    const { requests, tokens } = tokenManager();
    await tokens.forPod({ ...pod, spec: { ...pod.spec, serviceAccountName: "" } });
    expect(requests[0]?.path).toBe("/api/v1/namespaces/shop/serviceaccounts/default/token");
  });
});
