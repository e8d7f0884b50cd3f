// Bundles the CLI (issue 17): `npm run build` runs it after tsc. Loading ~330 modules one file at
// a time cost podvisor ~300 ms before its first container; the bundle is a handful of files
// (commands other than the one run are separate chunks, loaded on demand). dist/main.js becomes a
// one-line entry into dist/cli-bundle/, so every test of the built CLI runs the bundle. The heavy
// dependencies that are already loaded lazily (the Kubernetes client, grpc-js) stay outside.
// Without esbuild, tsc's dist/main.js stays as it is: the CLI then works unbundled.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const entry = `${dist}main.js`;
const outdir = `${dist}cli-bundle`;
const SHIM_MARK = "// podvisor: the bundled CLI (scripts/bundle-cli.mjs)";

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
  entryPoints: { main: entry },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@kubernetes/client-node", "@grpc/grpc-js"],
  // Bundled CommonJS (yaml, commander) requires Node's built-ins.
  banner: {
    js: "import { createRequire as __podvisorCreateRequire } from 'node:module'; const require = __podvisorCreateRequire(import.meta.url);",
  },
  // Whitespace and syntax only: names stay, so an internal error's stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
});
writeFileSync(entry, `#!/usr/bin/env node\n${SHIM_MARK}\nimport "./cli-bundle/main.js";\n`);
