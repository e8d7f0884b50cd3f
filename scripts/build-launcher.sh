#!/bin/sh
# Builds podvisor's native container launcher (native/podvisor-launch.c and its server mode,
# native/launch-server.c; issue 17) into dist/native/podvisor-launch; `npm run build` runs it.
# Cached: the binary is rebuilt only when a source or the compiler command changed. Never fails
# the build: without a C compiler (or off Linux) podvisor starts containers through the shell
# chain, and says so in `podvisor run --help`.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
sources="$root/native/podvisor-launch.c $root/native/launch-server.c"
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
command="$compiler -O2 -Wall -Wextra -std=gnu11 -pthread"
# shellcheck disable=SC2086 # $sources is a list of paths without spaces inside the repository
stamp=$( (cat $sources "$root/native/podvisor-launch.h"; echo "$command") | cksum)
if [ -x "$out" ] && [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp" ]; then exit 0; fi
mkdir -p "$out_dir" || skip "cannot create $out_dir"
# shellcheck disable=SC2086
if $command -static -o "$out.tmp" $sources 2>/dev/null || $command -o "$out.tmp" $sources; then
  mv "$out.tmp" "$out" && printf '%s\n' "$stamp" > "$out.stamp"
else
  # A binary built from older sources must not stay behind to be used as if it were current.
  rm -f "$out.tmp" "$out" "$out.stamp"
  skip "$compiler could not compile native/*.c"
fi
