#!/bin/sh
# Builds the libFuzzer target with clang (ASan + UBSan) and fuzzes it for SECONDS (default 60),
# seeded from captures/ and ../shared/corpus/. A crash leaves its reproducer in
# tests/fuzz/regressions/ candidates under WORK/ and makes this script fail.
#   tests/fuzz/run-fuzz.sh [SECONDS] [WORK_DIR]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
work=${2:-$src/build-fuzz}
mkdir -p "$work"
# A clean environment for the nested build: ctest's caller may have set CC or CFLAGS.
env -u CC -u CFLAGS cmake -S "$src" -B "$work/build" -DCMAKE_C_COMPILER=clang -DBUILD_FUZZERS=ON \
    -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$work/build" --target fuzz_decode -j2 >/dev/null
mkdir -p "$work/corpus" "$work/crashes"
python3 "$src/tests/fuzz/make_seeds.py" "$work/seeds" "$src/captures" "$src/captures/demo"/* \
    "$src/../shared/corpus/tcpdump-tests" "$src/tests/fuzz/regressions" >/dev/null 2>&1 || true
"$work/build/fuzz_decode" -max_total_time="$secs" -print_final_stats=1 -max_len=4096 \
    -artifact_prefix="$work/crashes/" "$work/corpus" "$work/seeds"
echo "1 passed, 0 failed"
