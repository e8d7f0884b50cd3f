#!/usr/bin/env bash
# Builds podvisor's test images locally, without any registry: a root filesystem holding Debian's
# statically linked busybox and its applet links, imported with `podman import`. Cached: an image
# that already exists is left alone (FORCE=1 rebuilds). Needs the podman CLI (scripts/podman/setup.sh).
#
#   localhost/podvisor/busybox:test     busybox, CMD ["sh"], with the fixtures in /fixtures
#   localhost/podvisor/pause:test       the pod infra image: ENTRYPOINT ["/pause"] (pause.sh)
#   localhost/podvisor/entrypoint:test  ENTRYPOINT ["/fixtures/print-args.sh", "from-entrypoint"],
#                                       CMD ["from-cmd"], STOPSIGNAL SIGUSR1, WORKDIR /fixtures —
#                                       for the command/args and stopSignal rules
# Fixture programs come from test/fixtures/bin/*.sh and test/fixtures/images/*.sh (all busybox sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
log() { echo "build-test-images: $*" >&2; }

# Debian's busybox-static: one statically linked binary, so the image needs no libraries.
if ! dpkg -s busybox-static >/dev/null 2>&1; then
  log "installing busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q busybox-static >&2 || { apt-get update -q >&2 && apt-get install -y -q busybox-static >&2; }
fi
# The cache key: busybox and every fixture program; an image built from other contents is rebuilt.
stamp="$(cat /bin/busybox "$root"/test/fixtures/bin/*.sh "$root"/test/fixtures/images/*.sh "$0" 2>/dev/null | sha256sum | cut -c1-16)"
have() {
  [ "${FORCE:-0}" != 1 ] && podman image exists "$1" &&
    [ "$(podman image inspect --format '{{index .Labels "io.podvisor.stamp"}}' "$1")" = "$stamp" ]
}
images=(localhost/podvisor/busybox:test localhost/podvisor/pause:test localhost/podvisor/entrypoint:test)
missing=0
for image in "${images[@]}"; do have "$image" || missing=1; done
if [ "$missing" = 0 ]; then log "all images present (FORCE=1 rebuilds)"; exit 0; fi

busybox=/bin/busybox

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev,fixtures,var/run}
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
# Every applet as a link in /bin (sh, sleep, cat, env, …): `busybox --list` names them.
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
# images/ second: where both hold a fixture of one name, the busybox-sh version for images wins.
cp "$root"/test/fixtures/bin/*.sh "$rootfs/fixtures/"
cp -f "$root"/test/fixtures/images/*.sh "$rootfs/fixtures/"
cp "$root/test/fixtures/images/pause.sh" "$rootfs/pause"
chmod 755 "$rootfs"/fixtures/*.sh "$rootfs/pause"
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .

path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
import() { # import TAG CHANGE...
  local tag="$1"; shift
  local args=(--change "$path" --change "LABEL io.podvisor.stamp=$stamp")
  for change in "$@"; do args+=(--change "$change"); done
  podman import "${args[@]}" "$work/rootfs.tar" "$tag" >/dev/null
  log "built $tag"
}
import localhost/podvisor/busybox:test 'CMD ["sh"]'
import localhost/podvisor/pause:test 'ENTRYPOINT ["/pause"]'
import localhost/podvisor/entrypoint:test \
  'ENTRYPOINT ["/fixtures/print-args.sh", "from-entrypoint"]' 'CMD ["from-cmd"]' \
  'STOPSIGNAL SIGUSR1' 'WORKDIR /fixtures'
