import { fileURLToPath } from "node:url";

/** Absolute path of a fixture program in test/fixtures/bin (tiny real programs, POSIX sh or node). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/bin/${name}`, import.meta.url));
}
