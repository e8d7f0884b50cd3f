#!/usr/bin/env bash
# Builds podvisor-sidecar, the static helper the `universal` and `ordered-legacy` sidecar modes
# run inside a pod (sidecar-helper/, docs/sidecar-modes.md), from the repo's own source, into a
# cache keyed by that source:
#   ${PODVISOR_SIDECAR_HELPER_CACHE:-~/.cache/podvisor/sidecar-helper}/<source hash>/podvisor-sidecar
# When the binary for the current source is there, nothing is rebuilt. Standard library only, so
# no module download; CGO_ENABLED=0 makes it static, so it runs in any image (and on the host, for
# the process backend). Prints the binary's path.
#
# Usage: scripts/sidecar-helper/build.sh           build if needed, print the binary's path
#        scripts/sidecar-helper/build.sh --image   also import it as an image with podman (no
#          registry, no base image: a root filesystem holding only the binary, as
#          sidecar-helper/Containerfile describes), print the image's name,
#          localhost/podvisor/sidecar-helper:<source hash>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../../sidecar-helper" && pwd)"
export PATH="/usr/local/go/bin:$PATH"
export CGO_ENABLED=0
export GOFLAGS="-buildvcs=false"

if ! command -v go >/dev/null; then
  echo "build-sidecar-helper: go not found (looked on PATH and in /usr/local/go/bin); install Go 1.22 or later" >&2
  exit 1
fi
source_hash="$(cd "$src" && cat "$here/build.sh" go.mod ./*.go | sha256sum | cut -c1-16)"
cache_root="${PODVISOR_SIDECAR_HELPER_CACHE:-$HOME/.cache/podvisor/sidecar-helper}"
out_dir="$cache_root/$source_hash-$(go env GOOS)-$(go env GOARCH)"
binary="$out_dir/podvisor-sidecar"
if [ ! -x "$binary" ]; then
  mkdir -p "$out_dir"
  # Parallel callers (test files) each build to their own temporary name; the rename is atomic.
  tmp="$(mktemp "$out_dir/.podvisor-sidecar.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  (cd "$src" && go build -p 1 -trimpath -ldflags="-s -w" -o "$tmp" .)
  chmod 0755 "$tmp"
  mv "$tmp" "$binary"
  echo "build-sidecar-helper: built $binary" >&2
fi
if [ "${1:-}" != "--image" ]; then
  echo "$binary"
  exit 0
fi

image="localhost/podvisor/sidecar-helper:$source_hash"
if ! podman image exists "$image"; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/rootfs/usr/local/bin"
  cp "$binary" "$work/rootfs/usr/local/bin/podvisor-sidecar"
  tar -C "$work/rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
  podman import --change 'ENTRYPOINT ["/usr/local/bin/podvisor-sidecar"]' "$work/rootfs.tar" "$image" >/dev/null
  echo "build-sidecar-helper: imported $image" >&2
fi
echo "$image"
