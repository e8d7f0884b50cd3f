/** Image comparisons as Kruise's `IsContainerImageEqual` and `IsImageDigest` make them. */
import { describe, expect, it } from "vitest";
import {
  isContainerImageEqual,
  isImageDigest,
  parseImageReference,
  stripImageIdScheme,
} from "./image-reference.js";

const digest = "sha256:a9286defaba7b3a519d585ba0e37d0b2cbee74ebfe590960b0b1d6a5e97d1e1d";

describe("image references", () => {
  it("parses name, tag and digest without normalising the name", () => {
    expect(parseImageReference(`docker.io/busybox:1.36@${digest}`)).toEqual({
      repo: "docker.io/busybox",
      tag: "1.36",
      digest,
    });
    expect(parseImageReference("localhost:5000/team/app")).toEqual({
      repo: "localhost:5000/team/app",
      tag: "",
      digest: "",
    });
    expect(parseImageReference("nginx")).toEqual({ repo: "nginx", tag: "", digest: "" });
  });

  it.each(["", "Nginx:1", "nginx:", "nginx@sha256:abc", ":1"])("%j is not a reference", (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });

  it("an image by digest is a digest image; by tag it is not", () => {
    expect(isImageDigest(`busybox@${digest}`)).toBe(true);
    expect(isImageDigest("busybox:1.36")).toBe(false);
  });

  it("equal by repo and digest when both are digests, else by repo and tag", () => {
    expect(
      isContainerImageEqual(`busybox@${digest}`, stripImageIdScheme(`docker-pullable://busybox@${digest}`)),
    ).toBe(true);
    expect(isContainerImageEqual(`busybox@${digest}`, `docker.io/library/busybox@${digest}`)).toBe(false);
    expect(isContainerImageEqual("busybox:1", "busybox:1")).toBe(true);
    expect(isContainerImageEqual("busybox:1", `busybox@${digest}`)).toBe(false);
    expect(isContainerImageEqual("busybox:1", "NOT VALID")).toBe(false);
  });
});
