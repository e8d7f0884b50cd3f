#!/usr/bin/env bash
# Installs Debian's Chromium for the web UI's browser tests (test/e2e/ui.test.ts drives
# /usr/bin/chromium headless through playwright-core; there is no browser download site here).
# Idempotent: nothing to do when /usr/bin/chromium is there.
set -euo pipefail
log() { echo "browser-setup: $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "/usr/bin/chromium is missing and installing it needs root: apt-get install chromium"; exit 2
fi
log "installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
