#!/usr/bin/env bash
# Installs Podman from Debian's packages, configures it for this kind of machine and starts its
# Docker-compatible API service on a private unix socket. Idempotent: a second run installs
# nothing, rewrites the same config and reuses a service that still answers.
# Prints the socket path on its last line (stdout), e.g. unix:///run/podvisor-podman/podman.sock.
#
# Why each setting (docs/container-backend.md, "Podman on CI"):
# - runc, not crun: Debian 12's crun 1.8 fails on hybrid cgroup hosts ("cgroups in hybrid mode not
#   supported"); runc runs there.
# - default_ulimits nofile 1024 / nproc 4096: the engine's default takes the host's hard limit
#   (about a million open files) which busybox and conmon then try to honour.
# - cgroup_manager cgroupfs, events_logger file: there is no systemd (no journald, no dbus) on CI.
# Usage: scripts/podman/setup.sh [socket-dir]   (default /run/podvisor-podman; env PODVISOR_PODMAN_DIR)
set -euo pipefail

dir="${1:-${PODVISOR_PODMAN_DIR:-/run/podvisor-podman}}"
sock="$dir/podman.sock"
log() { echo "podman-setup: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs packages and runs rootful Podman)"; exit 2
fi

need=()
for bin in podman runc conmon iptables curl; do command -v "$bin" >/dev/null 2>&1 || need+=("$bin"); done
[ -x /usr/lib/podman/netavark ] || [ -x /usr/libexec/podman/netavark ] || need+=(netavark)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing (missing: ${need[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # --no-install-recommends: no buildah, fuse-overlayfs or slirp4netns — rootful Podman as root
  # uses the kernel's overlay and netavark's bridge; nothing here runs rootless.
  apt-get install -y -q --no-install-recommends \
    podman runc conmon netavark aardvark-dns iptables uidmap catatonit curl >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends \
      podman runc conmon netavark aardvark-dns iptables uidmap catatonit curl >&2; }
fi

mkdir -p /etc/containers
conf=/etc/containers/containers.conf
want=$(cat <<'CONF'
# Written by podvisor's scripts/podman/setup.sh (rewritten on each run).
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
CONF
)
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$want" ]; then
  [ -f "$conf" ] && ! grep -q 'podvisor' "$conf" && cp "$conf" "$conf.before-podvisor"
  printf '%s\n' "$want" >"$conf"
  log "wrote $conf"
fi

answers() { curl -fsS --max-time 3 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; }

if answers; then
  log "service already answers on $sock"
else
  mkdir -p "$dir"; chmod 700 "$dir"
  rm -f "$sock"
  # --time=0: never exit on idle. setsid + nohup: the service outlives this script and its shell.
  # Started in $dir, not the caller's directory: conmon leaves an `oom` marker file in the
  # service's working directory after each OOM kill, which would litter a checkout.
  (
    cd "$dir"
    setsid nohup podman system service --time=0 "unix://$sock" >"$dir/service.log" 2>&1 </dev/null &
    echo $! >"$dir/service.pid"
  )
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { log "service did not answer on $sock within 10 s; see $dir/service.log"; exit 1; }
  log "service started (pid $(cat "$dir/service.pid")), log $dir/service.log"
fi
echo "unix://$sock"
