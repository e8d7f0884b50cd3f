import { describe, expect, it } from "vitest";
import { decodeManifests } from "./decode-manifests.js";

/** A Pod whose `count` containers all share one env list through a YAML alias. */
function podSharingEnv(count: number): string {
  const containers = Array.from(
    { length: count },
    (_, i) => `  - name: c${i}\n    image: x\n    env: ${i === 0 ? "&e\n    - {name: A, value: b}" : "*e"}`,
  );
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n${containers.join("\n")}\n`;
}

const billionLaughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
  .concat(
    "bcdefghi".split("").map((level, i) => {
      const previous = "abcdefgh"[i]!;
      return `${level}: &${level} [${Array(9).fill(`*${previous}`).join(", ")}]`;
    }),
  )
  .join("\n");

function nestedJson(depth: number): string {
  return `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
}

describe("decodeManifests under hostile or large input", () => {
  it("a legitimate manifest with 120 containers sharing `env: *e` decodes (more than 100 alias uses)", () => {
    const { objects, errors } = decodeManifests([{ name: "many.yaml", text: podSharingEnv(121) }]);
    expect(errors).toEqual([]);
    const spec = objects[0]?.object.spec as { containers: { env: unknown[] }[] };
    expect(spec.containers).toHaveLength(121);
    expect(spec.containers[120]?.env).toEqual([{ name: "A", value: "b" }]);
  });

  it("an alias bomb is refused with the file and a position, not expanded", () => {
    const { objects, errors } = decodeManifests([{ name: "bomb.yaml", text: billionLaughs }]);
    expect(objects).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bomb\.yaml:\d+:\d+: .*alias/);
  });

  it("JSON nested 20 000 deep is refused with the file and the position where it got too deep", () => {
    const { objects, errors } = decodeManifests([{ name: "deep.json", text: nestedJson(20_000) }]);
    expect(objects).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^deep\.json:1:\d+: exceeded max depth \(nesting deeper than \d+ levels\)$/);
  });

  it("YAML nested 20 000 deep is refused with the file and a position", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`;
    const { objects, errors } = decodeManifests([{ name: "deep.yaml", text }]);
    expect(objects).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^deep\.yaml:\d+:\d+: exceeded max depth/);
  });

  it("moderate nesting (what real manifests have, and more) decodes", () => {
    const { errors } = decodeManifests([{ name: "ok.json", text: nestedJson(200) }]);
    expect(errors).toEqual([]);
  });

  it("a document that is one 5 MB scalar is named with a short excerpt, never echoed whole", () => {
    const { errors } = decodeManifests([{ name: "big.yaml", text: `${"a".repeat(5_000_000)}\n` }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(400);
    expect(errors[0]).toMatch(/^big\.yaml: expected a Kubernetes object .*got "a+…" \(5000000 characters\)$/);
  });

  it("a file that is not a manifest (/etc/passwd through a .yaml link) is quoted only by a short excerpt", () => {
    const passwd = Array.from({ length: 40 }, (_, i) => `user${i}:x:${i}:${i}:User:/home/u${i}:/bin/sh`).join(
      "\n",
    );
    const { errors } = decodeManifests([{ name: "passwd.yaml", text: passwd }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(400);
    expect(errors[0]).not.toContain("user39");
  });
});
