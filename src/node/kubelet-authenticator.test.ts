import { describe, expect, it } from "vitest";
import { FakeClock } from "../shared/testing/fake-clock.js";
import {
  anonymousUser,
  kubeletAuthenticator,
  tokenReviewAuthenticator,
  tokenReviewCacheTtlMs,
  type TokenAuthenticator,
} from "./kubelet-authenticator.js";
import type { KubeRequester } from "./pod-status-manager.js";

const admin = { name: "kube-apiserver-kubelet-client", groups: ["system:masters"] };
const reader = { name: "system:serviceaccount:team:reader", groups: ["system:serviceaccounts"] };
const tokens: TokenAuthenticator = (token) => Promise.resolve(token === "good" ? reader : undefined);

describe("the kubelet API's authenticator (delegating: x509, then the token webhook, then anonymous)", () => {
  const authenticate = kubeletAuthenticator({ tokens, isAnonymousEnabled: false });

  it("a verified client certificate names the user, who joins system:authenticated", async () => {
    expect(await authenticate({ certificate: { verifiedUser: admin } })).toEqual({
      isAuthenticated: true,
      user: { name: admin.name, groups: ["system:masters", "system:authenticated"] },
    });
  });

  it("a bearer token the TokenReview accepts names its user", async () => {
    expect(await authenticate({ bearerToken: "good" })).toEqual({
      isAuthenticated: true,
      user: { name: reader.name, groups: ["system:serviceaccounts", "system:authenticated"] },
    });
  });

  it("an unverified certificate does not stop a valid token (union: the first success wins)", async () => {
    const result = await authenticate({ certificate: { verifiedUser: undefined }, bearerToken: "good" });
    expect(result.isAuthenticated && result.user.name).toBe(reader.name);
  });

  it("an invalid token is refused, also when anonymous requests are allowed (FailOnError)", async () => {
    expect((await authenticate({ bearerToken: "bad" })).isAuthenticated).toBe(false);
    const anonymousToo = kubeletAuthenticator({ tokens, isAnonymousEnabled: true });
    expect((await anonymousToo({ bearerToken: "bad" })).isAuthenticated).toBe(false);
  });

  it("no credentials: refused by default (the kubelet config's anonymous.enabled false), system:anonymous with --anonymous-auth", async () => {
    expect(await authenticate({})).toEqual({ isAuthenticated: false, reason: "no credentials" });
    const anonymous = kubeletAuthenticator({ tokens, isAnonymousEnabled: true });
    expect(await anonymous({})).toEqual({ isAuthenticated: true, user: anonymousUser });
  });

  it("without --authentication-token-webhook a bearer token is not looked at", async () => {
    const certificatesOnly = kubeletAuthenticator({ isAnonymousEnabled: false });
    expect((await certificatesOnly({ bearerToken: "good" })).isAuthenticated).toBe(false);
  });
});

describe("the TokenReview authenticator", () => {
  function reviewer(answer: (token: string) => unknown) {
    const asked: string[] = [];
    const client: KubeRequester = {
      requestJson: (_method, path, body) => {
        const token = (body as { spec: { token: string } }).spec.token;
        asked.push(`${path} ${token}`);
        return Promise.resolve({ status: answer(token) } as Record<string, unknown>);
      },
    };
    const clock = new FakeClock();
    return { clock, asked, authenticate: tokenReviewAuthenticator(client, clock) };
  }

  it("takes the user, uid, groups and extra from the review; answers are cached 2 min, then asked again", async () => {
    const { clock, asked, authenticate } = reviewer((token) =>
      token === "good"
        ? {
            authenticated: true,
            user: { username: reader.name, uid: "u-1", groups: reader.groups, extra: { k: ["v"] } },
          }
        : { authenticated: false },
    );
    expect(await authenticate("good")).toEqual({ ...reader, uid: "u-1", extra: { k: ["v"] } });
    expect(await authenticate("bad")).toBeUndefined();
    await clock.advance(tokenReviewCacheTtlMs - 1);
    await authenticate("good");
    await authenticate("bad");
    expect(asked).toEqual([
      "/apis/authentication.k8s.io/v1/tokenreviews good",
      "/apis/authentication.k8s.io/v1/tokenreviews bad",
    ]);
    await clock.advance(1);
    await authenticate("good");
    expect(asked).toHaveLength(3);
  });

  it("a review that is not authenticated and carries an error rejects, and is not cached", async () => {
    const { asked, authenticate } = reviewer(() => ({ authenticated: false, error: "token expired" }));
    await expect(authenticate("old")).rejects.toThrow("token expired");
    await expect(authenticate("old")).rejects.toThrow("token expired");
    expect(asked).toHaveLength(2);
  });
});
