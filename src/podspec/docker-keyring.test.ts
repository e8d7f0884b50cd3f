import { describe, expect, it } from "vitest";
import {
  buildDockerKeyring,
  decodeAuthField,
  isDefaultRegistryMatch,
  lookupDockerKeyring,
  normalizedRepository,
  type RegistryAuth,
} from "./docker-keyring.js";

const foo: RegistryAuth = { username: "foo", password: "bar", email: "foo@bar.baz" };
const keyringWith = (location: string, auth: RegistryAuth = foo) =>
  buildDockerKeyring([{ [location]: auth }]);

describe("the kubelet's keyring: which logins an image gets (credentialprovider keyring_test.go)", () => {
  // TestDockerKeyringForGlob: the key's scheme goes, /v1/ and /v2/ paths count as none.
  it.each([
    ["https://hello.kubernetes.io", "hello.kubernetes.io"],
    ["https://*.docker.io", "prefix.docker.io"],
    ["https://prefix.*.io", "prefix.docker.io"],
    ["https://prefix.docker.*", "prefix.docker.io"],
    ["https://*.docker.io/path", "prefix.docker.io/path"],
    ["https://prefix.*.io/path", "prefix.docker.io/path/subpath"],
    ["https://prefix.docker.*/path", "prefix.docker.io/path"],
    ["https://*.docker.io:8888", "prefix.docker.io:8888"],
    ["https://prefix.*.io:8888", "prefix.docker.io:8888"],
    ["https://prefix.docker.*:8888", "prefix.docker.io:8888"],
    ["https://*.docker.io/path:1111", "prefix.docker.io/path:1111"],
    ["https://*.docker.io/v1/", "prefix.docker.io/path:1111"],
    ["https://*.docker.io/v2/", "prefix.docker.io/path:1111"],
    ["https://prefix.docker.*/path:1111", "prefix.docker.io/path:1111"],
    ["prefix.docker.io:1111", "prefix.docker.io:1111/path"],
    ["*.docker.io:1111", "prefix.docker.io:1111/path"],
  ])("TestDockerKeyringForGlob: key %s serves %s/foo/bar", (glob, target) => {
    expect(lookupDockerKeyring(keyringWith(glob), `${target}/foo/bar`)).toEqual([foo]);
  });

  it.each([
    ["https://hello.kubernetes.io", "world.mesos.org/foo/bar"],
    ["https://*.docker.com", "prefix.docker.io"],
    ["https://suffix.*.io", "prefix.docker.io"],
    ["https://prefix.docker.c*", "prefix.docker.io"],
    ["https://prefix.*.io/path:1111", "prefix.docker.io/path/subpath:1111"],
    ["suffix.*.io", "prefix.docker.io"],
  ])("TestKeyringMiss: key %s does not serve %s/foo/bar", (glob, lookup) => {
    expect(lookupDockerKeyring(keyringWith(glob), `${lookup}/foo/bar`)).toEqual([]);
  });

  it("TestKeyringMissWithDockerHubCredentials: Docker Hub's login is not sent to another registry", () => {
    expect(
      lookupDockerKeyring(keyringWith("https://index.docker.io/v1/"), "world.mesos.org/foo/bar"),
    ).toEqual([]);
  });

  it.each([
    ["TestKeyringHitWithUnqualifiedDockerHub", "google/docker-registry"],
    ["TestKeyringHitWithUnqualifiedLibraryDockerHub", "jenkins"],
    ["TestKeyringHitWithQualifiedDockerHub", "index.docker.io/v1//google/docker-registry"],
    [
      "the kubelet's own lookup: a normalised Docker Hub name (docker.io/library/…)",
      "docker.io/library/nginx",
    ],
  ])("%s: Docker Hub's legacy key serves %s", (_case, image) => {
    expect(lookupDockerKeyring(keyringWith("https://index.docker.io/v1/"), image)).toEqual([foo]);
  });

  it.each([
    ["foo/bar", true],
    ["docker.io/foo/bar", true],
    ["index.docker.io/foo/bar", true],
    ["foo", true],
    ["", false],
    ["registry.tld/foo/bar", false],
    ["registry:5000/foo/bar", false],
    ["myhostdocker.io/foo/bar", false],
  ])("TestIsDefaultRegistryMatch: %s is Docker Hub: %s", (image, expected) => {
    expect(isDefaultRegistryMatch(image)).toBe(expected);
  });

  describe("TestDockerKeyringLookup: the most specific key first, then its host", () => {
    const ada = { username: "ada", password: "smash", email: "ada@example.com" };
    const grace = { username: "grace", password: "squash", email: "grace@example.com" };
    const keyring = buildDockerKeyring([{ "bar.example.com/pong": grace, "bar.example.com": ada }]);
    it.each([
      ["direct match", "bar.example.com", [ada]],
      ["direct match deeper than other possible matches", "bar.example.com/pong", [grace, ada]],
      ["no direct match, deeper path ignored", "bar.example.com/ping", [ada]],
      ["match first part of path token", "bar.example.com/pongz", [grace, ada]],
      ["match regardless of sub-path", "bar.example.com/pong/pang", [grace, ada]],
      ["no host match", "example.com", []],
      ["no host match", "foo.example.com", []],
    ])("%s: %s", (_case, image, expected) => {
      expect(lookupDockerKeyring(keyring, image)).toEqual(expected);
    });
  });

  it.each(["quay.io", "quay.io/foo", "quay.io/foo/bar"])(
    "TestIssue3797: a key with a scheme and /v1/ serves every image of its host (%s)",
    (image) => {
      const rex = { username: "rex", password: "tiny arms", email: "rex@example.com" };
      expect(lookupDockerKeyring(keyringWith("https://quay.io/v1/", rex), image)).toEqual([rex]);
    },
  );

  it("logins for one key from several Secrets are all tried, in the pod's order", () => {
    const second = { username: "second", password: "p" };
    const keyring = buildDockerKeyring([
      { "registry.local:5000": foo },
      { "https://registry.local:5000": second },
    ]);
    expect(lookupDockerKeyring(keyring, "registry.local:5000/app")).toEqual([foo, second]);
  });
});

describe("the repository the kubelet looks logins up for (parsers.ParseImageName)", () => {
  it.each([
    ["nginx", "docker.io/library/nginx"],
    ["nginx:1.27", "docker.io/library/nginx"],
    ["myuser/app:1", "docker.io/myuser/app"],
    ["index.docker.io/myuser/app", "docker.io/myuser/app"],
    ["quay.io/podman/hello@sha256:abc", "quay.io/podman/hello"],
    ["registry.local:5000/team/app:2", "registry.local:5000/team/app"],
    ["localhost/podvisor/busybox:test", "localhost/podvisor/busybox"],
  ])("%s → %s", (image, repository) => {
    expect(normalizedRepository(image)).toBe(repository);
  });
});

describe("a docker config's auth field (config_test.go TestDecodeDockerConfigFieldAuth)", () => {
  it.each([
    ["auth field decodes to username & password", "Zm9vOmJhcg=="],
    ["some test as before but with field not well padded", "Zm9vOmJhcg"],
    ["some test as before but with new line characters", "Zm9vOm\nJhcg==\n"],
  ])("%s", (_case, input) => {
    expect(decodeAuthField(input)).toEqual({ username: "foo", password: "bar" });
  });

  it.each([
    ["good base64 data, but no colon separating username & password", "cGFudHM="],
    ["only new line characters are ignored", "Zm9vOmJhcg== "],
    ["bad base64 data", "pants"],
  ])("%s: an error", (_case, input) => {
    expect(decodeAuthField(input)).toBeUndefined();
  });
});
