import { describe, expect, it } from "vitest";
import { encodeBase64Text } from "../../api/index.js";
import type { Secret } from "../../api/index.js";
import { registryCredentials } from "./pull-secrets.js";

const secret = (name: string, type: string, key: string, config: unknown): Secret => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name },
  type,
  data: { [key]: encodeBase64Text(JSON.stringify(config)) },
});

describe("registry logins from imagePullSecrets", () => {
  it("reads .dockerconfigjson auths and legacy .dockercfg entries, in the pod's order", () => {
    const secrets = [
      secret("regcred", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", {
        auths: { "registry.local:5000": { username: "u", password: "p" } },
      }),
      secret("old", "kubernetes.io/dockercfg", ".dockercfg", {
        "https://index.docker.io/v1/": { auth: "dTpw" },
      }),
    ];
    expect(registryCredentials(["regcred", "old"], secrets)).toEqual({
      credentials: [
        { server: "registry.local:5000", username: "u", password: "p" },
        { server: "https://index.docker.io/v1/", auth: "dTpw" },
      ],
      problems: [],
    });
  });

  it("an Opaque secret holding the key does not count (the key is read only from a Secret of its type)", () => {
    const opaque = { ...secret("regcred", "Opaque", ".dockerconfigjson", { auths: { a: {} } }) };
    expect(registryCredentials(["regcred"], [opaque]).credentials).toEqual([]);
  });

  it("a missing secret or broken JSON is skipped and named", () => {
    const broken: Secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "broken" },
      type: "kubernetes.io/dockerconfigjson",
      stringData: { ".dockerconfigjson": "{not json" },
    };
    expect(registryCredentials(["absent", "broken"], [broken])).toEqual({
      credentials: [],
      problems: [
        'imagePullSecrets "absent": no Secret of type kubernetes.io/dockerconfigjson (or dockercfg) with its key in the input',
        'imagePullSecrets "broken": its docker config is not valid JSON',
      ],
    });
  });
});
