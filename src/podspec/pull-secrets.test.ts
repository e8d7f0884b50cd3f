import { describe, expect, it } from "vitest";
import { encodeBase64Text } from "../api/index.js";
import type { Pod, Secret } from "../api/index.js";
import { buildDockerKeyring, lookupDockerKeyring } from "./docker-keyring.js";
import { lookupInLists } from "./object-lookup.js";
import { dockerConfigsOf, pullSecretsWarning, resolvePullSecrets } from "./pull-secrets.js";

const secret = (name: string, type: string, key: string, config: string): Secret => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "ns1" },
  type,
  data: { [key]: encodeBase64Text(config) },
});
const JSON_TYPE = "kubernetes.io/dockerconfigjson";
const CFG_TYPE = "kubernetes.io/dockercfg";
const user = { username: "user", password: "password" };

/** The logins MakeDockerKeyring(secrets).Lookup(image) gives, or the error. */
function logins(secrets: Secret[], image: string) {
  const read = dockerConfigsOf(secrets);
  if ("error" in read) return read;
  return lookupDockerKeyring(buildDockerKeyring(read.configs), image);
}

describe("the logins in imagePullSecrets (credentialprovider/secrets secrets_test.go Test_MakeDockerKeyring)", () => {
  it.each([
    [
      "with .dockerconfigjson and auth field",
      secret(
        "s1",
        JSON_TYPE,
        ".dockerconfigjson",
        `{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}`,
      ),
      [user],
    ],
    [
      "with .dockerconfig and auth field",
      secret("s1", CFG_TYPE, ".dockercfg", `{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}`),
      [user],
    ],
    [
      "with .dockerconfigjson and username/password fields",
      secret(
        "s1",
        JSON_TYPE,
        ".dockerconfigjson",
        `{"auths": {"test.registry.io": {"username": "user", "password": "password"}}}`,
      ),
      [user],
    ],
    [
      "with .dockerconfig and username/password fields",
      secret(
        "s1",
        CFG_TYPE,
        ".dockercfg",
        `{"test.registry.io": {"username": "user", "password": "password"}}`,
      ),
      [user],
    ],
    [
      "with .dockerconfigjson but with wrong Secret Type",
      secret(
        "s1",
        CFG_TYPE,
        ".dockerconfigjson",
        `{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}`,
      ),
      [],
    ],
    [
      "with .dockerconfig but with wrong Secret Type",
      secret("s1", JSON_TYPE, ".dockercfg", `{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}`),
      [],
    ],
    [
      "with not matching .dockerconfigjson",
      secret(
        "s1",
        JSON_TYPE,
        ".dockerconfigjson",
        `{"auths": {"foo.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}`,
      ),
      [],
    ],
    [
      "an Opaque Secret holding the key does not count",
      secret("s1", "Opaque", ".dockerconfigjson", `{"auths": {"test.registry.io": {"username": "u"}}}`),
      [],
    ],
    [
      "a .dockerconfigjson without auths holds no logins",
      secret("s1", JSON_TYPE, ".dockerconfigjson", `{"test.registry.io": {"username": "u"}}`),
      [],
    ],
  ])("%s", (_case, pullSecret, expected) => {
    expect(logins([pullSecret], "test.registry.io")).toEqual(expected);
  });
});

describe("a docker config entry (config_test.go TestDockerConfigEntryJSONDecode)", () => {
  const entry = (json: string) => logins([secret("s1", CFG_TYPE, ".dockercfg", `{"r.io": ${json}}`)], "r.io");
  it.each([
    [
      "simple case, just decode the fields",
      `{"username": "foo", "password": "bar", "email": "foo@example.com"}`,
      { username: "foo", password: "bar", email: "foo@example.com" },
    ],
    [
      "auth field decodes to username & password",
      `{"auth": "Zm9vOmJhcg==", "email": "foo@example.com"}`,
      { username: "foo", password: "bar", email: "foo@example.com" },
    ],
    [
      "auth field overrides username & password",
      `{"username": "foo", "password": "bar", "auth": "cGluZzpwb25n", "email": "foo@example.com"}`,
      { username: "ping", password: "pong", email: "foo@example.com" },
    ],
  ])("%s", (_case, json, expected) => {
    expect(entry(json)).toEqual([expected]);
  });

  it.each([
    [
      "poorly-formatted auth causes failure",
      `{"auth": "pants", "email": "foo@example.com"}`,
      'imagePullSecrets "s1": .dockercfg: "r.io": unable to parse auth field, must be formatted as base64(username:password)',
    ],
    [
      "invalid JSON causes failure",
      `{"email": false}`,
      'imagePullSecrets "s1": .dockercfg: "r.io": "email" is not a string',
    ],
  ])("%s, and fails the whole lookup, naming the Secret", (_case, json, error) => {
    expect(entry(json)).toEqual({ error });
  });

  it("a config that is not JSON fails the lookup", () => {
    const broken = secret("broken", JSON_TYPE, ".dockerconfigjson", "{not json");
    expect(logins([broken], "r.io")).toMatchObject({
      error: expect.stringMatching(/^imagePullSecrets "broken": \.dockerconfigjson: not valid JSON/),
    });
  });
});

describe("the pod's imagePullSecrets (kubelet_pods.go getPullSecretsForPod)", () => {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "ns1" },
    spec: {
      containers: [],
      imagePullSecrets: [{ name: "regcred" }, { name: "" }, { name: "absent" }, { name: "elsewhere" }],
    },
  };
  const regcred = secret("regcred", JSON_TYPE, ".dockerconfigjson", "{}");
  const elsewhere = {
    ...secret("elsewhere", JSON_TYPE, ".dockerconfigjson", "{}"),
    metadata: { name: "elsewhere", namespace: "other" },
  };

  it("finds the Secrets in the pod's namespace, skips an empty name, and names the missing ones", () => {
    expect(resolvePullSecrets(pod, lookupInLists({ configMaps: [], secrets: [regcred, elsewhere] }))).toEqual(
      {
        secrets: [regcred],
        missing: ["absent", "elsewhere"],
      },
    );
  });

  it("the Warning FailedToRetrieveImagePullSecret message", () => {
    expect(pullSecretsWarning(["absent", "elsewhere"])).toBe(
      "Unable to retrieve some image pull secrets (absent, elsewhere); attempting to pull the image may not succeed.",
    );
  });
});
