import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256.js";
import {
  encodeSidecarSet,
  safeEncodeString,
  sidecarSetHash,
  sidecarSetHashWithoutImage,
} from "./sidecarset-hash.js";

describe("revision hashes", () => {
  it("SHA-256 matches the FIPS 180-4 vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex("é".repeat(100))).toHaveLength(64);
  });
  describe("Kruise's hash_test.go vectors", () => {
    const container = { name: "container1", image: "test-image" };
    const native = { ...container, restartPolicy: "Always" };
    it.each([
      [
        "containers",
        { containers: [container] },
        "w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78",
      ],
      [
        "containers and initContainers",
        { containers: [container], initContainers: [container] },
        "w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78",
      ],
      [
        "containers and initContainers with restartPolicy=Always",
        { containers: [container], initContainers: [native] },
        "4xwx4d4844vd4v9x79wb4xbxf4xb29475cc4446v8cz2c2f2f5c5bw448vd42z8w",
      ],
    ])("TestSidecarSetHash: %s", (_, spec, expected) => {
      expect(sidecarSetHash(spec)).toBe(expected);
      expect(sidecarSetHash({ ...spec, containers: [{ ...container, image: "new-image" }] })).not.toBe(
        expected,
      );
    });
    it.each([
      [
        "containers and initContainers",
        { containers: [container], initContainers: [container] },
        "8wzddb4dvv9c6x8zdc77z4z75987424f457dfv6724ddw6zbdx467wz5x24fc759",
      ],
      [
        "containers and initContainers with restartPolicy=Always",
        { containers: [container], initContainers: [native] },
        "5725fw8bwbx249bw57v5892c847dzf48bww9zb7c86xb95264fdz26654847b2c8",
      ],
    ])("TestSidecarSetHashWithoutImage: %s", (_, spec, expected) => {
      expect(sidecarSetHashWithoutImage(spec)).toBe(expected);
      const newImages = {
        containers: [{ ...container, image: "new-image" }],
        initContainers: spec.initContainers.map((c) => ({ ...c, image: "new-image" })),
      };
      expect(sidecarSetHashWithoutImage(newImages)).toBe(expected);
    });
  });
  it("encodes as Go marshals the typed container: declaration order, omitempty, structs always, unknown fields dropped, canonical quantities", () => {
    expect(
      encodeSidecarSet(
        {
          containers: [
            {
              zz: "unknown",
              env: [{ value: "", name: "A" }],
              image: "x",
              name: "c",
              resources: { requests: { memory: "1024Mi", cpu: 0.5 } },
              readinessProbe: { grpc: { port: 9 }, periodSeconds: 0 },
              podInjectPolicy: "BeforeAppContainer",
            },
          ],
        },
        false,
      ),
    ).toBe(
      '{"containers":[{"name":"c","image":"x","env":[{"name":"A"}],"resources":{"requests":{"cpu":"500m","memory":"1Gi"}},"readinessProbe":{"grpc":{"port":9,"service":null}},"podInjectPolicy":"BeforeAppContainer","upgradeStrategy":{},"shareVolumePolicy":{}}]}',
    );
    expect(encodeSidecarSet({}, false)).toBe('{"containers":null}');
  });
  it("encodes resourcesPolicy as Kruise's types marshal it: the mode always, the regex and expressions when set, resourcesExpr always", () => {
    expect(
      encodeSidecarSet(
        {
          containers: [
            {
              name: "c",
              resourcesPolicy: {
                resourcesExpr: { requests: { memory: "memory*10%", cpu: "" } },
                targetContainersMode: "max",
                extra: true,
              },
            },
          ],
        },
        false,
      ),
    ).toBe(
      '{"containers":[{"name":"c","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{},"resourcesPolicy":{"targetContainersMode":"max","resourcesExpr":{"requests":{"memory":"memory*10%"}}}}]}',
    );
  });
  it("SafeEncodeString maps each character into apimachinery's alphabet", () => {
    // '0' is 48, 48 % 27 = 21 → '4'; 'a' is 97, 97 % 27 = 16 → 'v'
    expect(safeEncodeString("0a")).toBe("4v");
  });
  it("changes with the containers, ignores key order, and the without-image hash ignores images", () => {
    const a = { containers: [{ name: "c", image: "x:1", env: [{ name: "A", value: "1" }] }] };
    const reordered = { containers: [{ env: [{ value: "1", name: "A" }], image: "x:1", name: "c" }] };
    const newImage = { containers: [{ name: "c", image: "x:2", env: [{ name: "A", value: "1" }] }] };
    expect(sidecarSetHash(a)).toBe(sidecarSetHash(reordered));
    expect(sidecarSetHash(a)).not.toBe(sidecarSetHash(newImage));
    expect(sidecarSetHashWithoutImage(a)).toBe(sidecarSetHashWithoutImage(newImage));
    expect(sidecarSetHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{64}$/);
  });
  it("counts init containers only when one of them is a native sidecar (Kruise 1.28+)", () => {
    const base = { containers: [{ name: "c", image: "x" }] };
    expect(sidecarSetHash({ ...base, initContainers: [{ name: "i", image: "y" }] })).toBe(
      sidecarSetHash(base),
    );
    expect(
      sidecarSetHash({ ...base, initContainers: [{ name: "i", image: "y", restartPolicy: "Always" }] }),
    ).not.toBe(sidecarSetHash(base));
  });
  it("a spec changed in place after it was hashed gets the new hash (remembered by content, not by object)", () => {
    const spec = { containers: [{ name: "c", image: "x:1" }] };
    const first = sidecarSetHash(spec);
    expect(sidecarSetHash(spec)).toBe(first);
    spec.containers[0]!.image = "x:2";
    expect(sidecarSetHash(spec)).not.toBe(first);
    expect(sidecarSetHash(spec)).toBe(sidecarSetHash({ containers: [{ name: "c", image: "x:2" }] }));
  });
});
