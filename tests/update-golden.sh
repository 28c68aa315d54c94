#!/bin/sh
# Regenerates golden outputs from tests/golden/manifest: all of them, or those of one capture
# (and one mode). Review the diff (git diff captures/expected) like code before committing.
#   tests/update-golden.sh [CAPTURE [MODE]]      (uses build/stackscope)
set -eu
cd "$(dirname "$0")/.."
bin=${STACKSCOPE:-build/stackscope}
mkdir -p captures/expected
grep -v '^#' tests/golden/manifest | while read -r capture mode flags; do
    [ -n "$capture" ] || continue
    [ -z "${1:-}" ] || [ "$1" = "$capture" ] || continue
    [ -z "${2:-}" ] || [ "$2" = "$mode" ] || continue
    args=$(printf '%s\n' "$flags" | sed "s|FILE|captures/$capture|")
    # shellcheck disable=SC2086 # the flags are words
    out="captures/expected/$(printf '%s' "$capture" | tr / -).$mode.out"
    # Times are local: UTC, or Europe/Paris for the paris-* modes (as test_golden.c runs them).
    case $mode in paris-*) tz=Europe/Paris ;; *) tz=UTC ;; esac
    set -f; TZ=$tz $bin $args > "$out"; set +f
    echo "$out"
done
