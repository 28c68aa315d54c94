#!/bin/sh
# Real lossy transfers (lossy_link.py: two network namespaces, a relay dropping 1, 5 and 15 % of
# the packets), then the oracle comparison over them: every frame must agree with tshark, as
# live captures differ from run to run and no difference can be listed in advance.
# usage: live_lossy.sh SOURCE_DIR ANALYSIS_DUMP ORACLE WORK_DIR     (exit 77: skipped)
set -e
src=$1 dump=$2 oracle=$3 work=$4
rm -rf "$work" && mkdir -p "$work/live"
for cfg in "1 1 2000000" "2 5 2000000" "3 15 1000000"; do
    set -- $cfg
    python3 "$src/lossy_link.py" "$work/live/lossy-seed$1-loss$2.pcapng" \
        --seed "$1" --loss "$2" --bytes "$3" || exit $?
done
exec python3 "$src/analysis_compare.py" --dump "$dump" --oracle "$oracle" --work "$work" \
    --differences "$src/differences-live.tsv" "$work/live"
