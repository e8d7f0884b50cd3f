#!/usr/bin/env bash
# Builds OpenKruise's kruise-manager from its Go module, once per version, into a cache:
#   ${PODVISOR_KRUISE_CACHE:-~/.cache/podvisor/kruise}/<KRUISE_VERSION>/bin/kruise-manager
# Only the admission benchmark uses it (bench/admission-kruise.ts: Kruise's own webhook as the
# anchor beside podvisor's); the tests never need it, and the benchmark skips the anchor when it is
# not built. Kruise's go.mod replaces only with published versions, so building inside a copy of
# the module (the module cache is read-only) works with the module proxy alone.
#
# Usage: scripts/kruise/build.sh            build if needed, then print the binary's path
#        scripts/kruise/build.sh --path     only print the binary's path
set -euo pipefail
KRUISE_VERSION="${KRUISE_VERSION:-v1.9.0}"
export PATH="/usr/local/go/bin:$PATH"
export CGO_ENABLED=0
export GOFLAGS="-buildvcs=false -mod=mod"
parallelism="${PODVISOR_BUILD_PARALLELISM:-2}"

out_dir="${PODVISOR_KRUISE_CACHE:-$HOME/.cache/podvisor/kruise}/$KRUISE_VERSION"
binary="$out_dir/bin/kruise-manager"
stamp="$out_dir/bin/.built"
recipe="kruise=$KRUISE_VERSION go=$(go env GOVERSION) recipe=$(sha256sum "$0" | cut -c1-16)"

if [ "${1:-}" = "--path" ]; then
  echo "$binary"
  exit 0
fi
mkdir -p "$out_dir/bin"
exec 9>"$out_dir/.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$recipe" ] && [ -x "$binary" ]; then
  echo "kruise-manager $KRUISE_VERSION: cached in $binary" >&2
  echo "$binary"
  exit 0
fi

module_dir="$(go env GOMODCACHE)/github.com/openkruise/kruise@$KRUISE_VERSION"
if [ ! -d "$module_dir" ]; then
  echo "kruise-manager: downloading github.com/openkruise/kruise@$KRUISE_VERSION" >&2
  (cd / && GOFLAGS= go mod download "github.com/openkruise/kruise@$KRUISE_VERSION")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$module_dir/." "$work/"
chmod -R u+w "$work"
echo "kruise-manager $KRUISE_VERSION: building (several minutes on 2 cores)" >&2
(cd "$work" && go build -p "$parallelism" -trimpath -o "$binary.tmp" .)
mv "$binary.tmp" "$binary"
echo "$recipe" >"$stamp"
echo "$binary"
