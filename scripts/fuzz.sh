#!/usr/bin/env bash
# Run one libFuzzer target for SECONDS seconds.
#
#   scripts/fuzz.sh NAME SECONDS [libFuzzer options...]
#
# NAME: read (the .aot reader + writer round trip), xip (read + the whole
# rewrite with a fixed map, verify on), elf, nm, ldmap, plain (the symbol-map
# parsers). Builds with clang into $AOTX_FUZZ_BUILD (default build-fuzz) with
# -Dfuzz=true, seeds a working corpus in that build directory from tests/data
# and exits non-zero on any crash, leak, sanitizer report or timeout (5 s per
# input). Crash inputs land in $AOTX_FUZZ_BUILD/artifacts/; replay one with
#   $AOTX_FUZZ_BUILD/tests/fuzz/fuzz_NAME FILE
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
    echo "usage: scripts/fuzz.sh NAME SECONDS [libFuzzer options...]" >&2
    exit 2
fi
name=$1 seconds=$2
shift 2
build=${AOTX_FUZZ_BUILD:-build-fuzz}
data=tests/data

case $name in
    read|xip) seeds=$(find "$data/aot" -name '*.aot') ;;
    elf) seeds=$(find "$data/symbols" -name '*.elf' -o -name '*.so' -o -name '*.o') ;;
    nm) seeds=$(find "$data/symbols" -name '*.nm') ;;
    ldmap) seeds=$(find "$data/symbols" -name '*.map') ;;
    plain) seeds=$(find "$data/symbols" -name '*.sym') ;;
    *) echo "scripts/fuzz.sh: unknown target '$name' (read, xip, elf, nm, ldmap, plain)" >&2
       exit 2 ;;
esac

mkdir -p "$build"
{   # runs started together (scripts/test: two at a time) set up and build in turn
    flock 9
    if [ ! -f "$build/build.ninja" ]; then
        CC=clang meson setup "$build" -Dfuzz=true -Dwerror=true >/dev/null
    fi
    ninja -C "$build" "tests/fuzz/fuzz_$name" >/dev/null
} 9>"$build/.fuzz.lock"

corpus=$build/corpus/$name
mkdir -p "$corpus" "$build/artifacts"
for f in $seeds; do  # same base names in different folders: keep them all
    cp -n "$f" "$corpus/$(echo "$f" | tr / _)"
done

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
exec "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$name-" "$@" "$corpus"
