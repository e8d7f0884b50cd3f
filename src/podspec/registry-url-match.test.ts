import { describe, expect, it } from "vitest";
import { globMatches, registryUrlMatches } from "./registry-url-match.js";

describe("a registry key matches an image's host and path (credentialprovider keyring_test.go TestURLsMatch)", () => {
  it.each([
    // match when there is no path component
    ["*.kubernetes.io", "prefix.kubernetes.io", true],
    ["prefix.*.io", "prefix.kubernetes.io", true],
    ["prefix.kubernetes.*", "prefix.kubernetes.io", true],
    ["*-good.kubernetes.io", "prefix-good.kubernetes.io", true],
    // match with path components
    ["*.kubernetes.io/blah", "prefix.kubernetes.io/blah", true],
    ["prefix.*.io/foo", "prefix.kubernetes.io/foo/bar", true],
    // match with path components and ports
    ["*.kubernetes.io:1111/blah", "prefix.kubernetes.io:1111/blah", true],
    ["prefix.*.io:1111/foo", "prefix.kubernetes.io:1111/foo/bar", true],
    // no match when number of parts mismatch
    ["*.kubernetes.io", "kubernetes.io", false],
    ["*.*.kubernetes.io", "prefix.kubernetes.io", false],
    ["*.*.kubernetes.io", "kubernetes.io", false],
    ["*kubernetes.io", "a.kubernetes.io", false],
    // match when number of parts match
    ["*kubernetes.io", "kubernetes.io", true],
    ["*.*.*.kubernetes.io", "a.b.c.kubernetes.io", true],
    // no match when some parts mismatch
    ["kubernetes.io", "kubernetes.com", false],
    ["k*.io", "quay.io", false],
    // no match when ports mismatch
    ["*.kubernetes.io:1234/blah", "prefix.kubernetes.io:1111/blah", false],
    ["prefix.*.io/foo", "prefix.kubernetes.io:1111/foo/bar", false],
  ])("%s against %s: %s", (glob, target, expected) => {
    expect(registryUrlMatches(glob, target)).toBe(expected);
  });

  it("the key's path must be a prefix of the image's path, not merely a label", () => {
    expect(registryUrlMatches("bar.example.com/pong", "bar.example.com/ping")).toBe(false);
    expect(registryUrlMatches("bar.example.com/pong", "bar.example.com/pongz")).toBe(true);
  });
});

describe("one host label against its glob (Go filepath.Match)", () => {
  it.each([
    ["*", "anything", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["[a-c]x", "bx", true],
    ["[^a-c]x", "bx", false],
    ["\\*", "*", true],
    ["\\*", "a", false],
    ["[", "[", false],
  ])("%s against %s: %s", (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });
});
