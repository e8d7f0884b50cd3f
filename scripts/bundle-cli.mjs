// Bundles the CLI (issue 17): `npm run build` runs it after tsc. Loading ~330 modules one file at
// a time cost podvisor ~300 ms before its first container. The CLI is one CommonJS script,
// dist/cli-bundle/main.cjs, which dist/main.js (scripts/cli-entry.mjs) runs with V8's code cache;
// commands other than the one run are only compiled when called (esbuild wraps each lazily
// imported module in a function). The heavy dependencies that are already loaded lazily (the
// Kubernetes client, grpc-js) stay outside: their dynamic imports (and node:https's) become calls
// of the entry's `__podvisorImport`. Every test of the built CLI runs the bundle. Without esbuild, tsc's
// dist/main.js stays as it is: the CLI then works unbundled.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const entry = `${dist}main.js`;
const outdir = `${dist}cli-bundle`;
const outfile = `${outdir}/main.cjs`;
const entryTemplate = fileURLToPath(new URL("./cli-entry.mjs", import.meta.url));
const SHIM_MARK = "// podvisor: the bundled CLI (scripts/bundle-cli.mjs)";
const EXTERNAL = ["@kubernetes/client-node", "@grpc/grpc-js"];

if (readFileSync(entry, "utf8").includes(SHIM_MARK)) {
  process.stderr.write(
    "bundle-cli: dist/main.js is already the bundle's entry; run tsc first (npm run build)\n",
  );
  process.exit(1);
}
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  process.stderr.write("bundle-cli: esbuild is not installed; the CLI stays unbundled (slower to start)\n");
  process.exit(0);
}
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  // The one use, the native launcher's path, is relative to the bundle, as from dist/cli-bundle/ before.
  define: { "import.meta.url": "__podvisorBundleUrl" },
  // Strict mode first, as in the ES modules it comes from.
  banner: {
    js: '"use strict";const __podvisorBundleUrl = require("node:url").pathToFileURL(__filename).href;',
  },
  // Whitespace and syntax only: names stay, so an internal error's stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  // Strings and template literals escaped to ASCII (esbuild's default, stated: the check below relies on it).
  charset: "ascii",
  sourcemap: "linked",
  logLevel: "warning",
});
// The entry wraps the script in a function: no shebang line; dynamic imports (the external packages,
// node:https) go through the entry's import().
const code = readFileSync(outfile, "utf8")
  .replace(/^#!.*\n/, "")
  .replace(/\bimport\(("[^"]+")\)/g, "__podvisorImport($1)");
// ASCII only: the entry reads the bundle as latin1 into a one-byte string. One character beyond
// ASCII (a µ in a regular expression literal, which esbuild leaves as it is) made the whole source a
// two-byte string, twice the size: ~2 ms more to read, and slower to check against the code cache
// and to compile (issue 17). Write such characters as \u escapes in the source.
const nonAscii = /[\u0080-\uffff]/.exec(code);
if (nonAscii) {
  process.stderr.write(
    `bundle-cli: ${outfile} has a non-ASCII character (${JSON.stringify(nonAscii[0])}) in ${JSON.stringify(code.slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20))}: write it as a \\u escape in the source\n`,
  );
  process.exit(1);
}
const leftover = /\bimport\(/.exec(code);
if (leftover) {
  process.stderr.write(
    `bundle-cli: ${outfile} still has a dynamic import at ${leftover.index}: a CommonJS script run by vm cannot import\n`,
  );
  process.exit(1);
}
writeFileSync(outfile, code);
const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
writeFileSync(entry, readFileSync(entryTemplate, "utf8").replace("__PODVISOR_BUNDLE_HASH__", hash));
