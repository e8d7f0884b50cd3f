#!/bin/sh
# Builds podvisor's native container launcher (native/podvisor-launch.c, issue 17) into
# dist/native/podvisor-launch; `npm run build` runs it. Cached: the binary is rebuilt only when the
# source or the compiler command changed. Never fails the build: without a C compiler (or off
# Linux) podvisor starts containers through the shell chain, and says so in `podvisor run --help`.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
source="$root/native/podvisor-launch.c"
out_dir="$root/dist/native"
out="$out_dir/podvisor-launch"

skip() {
  echo "build-launcher: $1; containers will start through the shell chain" >&2
  exit 0
}

[ "$(uname -s)" = Linux ] || skip "not Linux"
compiler=
for candidate in ${CC:-} cc gcc clang; do
  if command -v "$candidate" >/dev/null 2>&1; then compiler=$candidate; break; fi
done
[ -n "$compiler" ] || skip "no C compiler (cc, gcc or clang) found"
# Static where the C library allows it: no dynamic loader on the way to every container start.
command="$compiler -O2 -Wall -Wextra -std=gnu11"
stamp=$( (cat "$source"; echo "$command") | cksum)
if [ -x "$out" ] && [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp" ]; then exit 0; fi
mkdir -p "$out_dir" || skip "cannot create $out_dir"
if $command -static -o "$out.tmp" "$source" 2>/dev/null || $command -o "$out.tmp" "$source"; then
  mv "$out.tmp" "$out" && printf '%s\n' "$stamp" > "$out.stamp"
else
  rm -f "$out.tmp"
  skip "$compiler could not compile $source"
fi
