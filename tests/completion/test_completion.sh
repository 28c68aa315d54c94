#!/usr/bin/env bash
# The bash completion, sourced into bash and asked as bash asks it (COMP_WORDS, COMP_CWORD, the
# '=' of "--color=al" a word of its own): options, their words, demo's options and scenarios,
# interfaces, files. The program is found as the user types it: a path, or "stackscope" in PATH.
#   test_completion.sh STACKSCOPE COMPLETION_SCRIPT
set -u
binary=$1
script=$2
failures=0

# shellcheck source=/dev/null
source "$script" || exit 1

# The completions of the words given (the last one is the word being completed), sorted.
complete_words()
{
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _stackscope
    printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

expect()
{
    local want=$1
    shift
    local have
    have=$(complete_words "$@")
    if [[ $have != "$want" ]]; then
        printf 'FAIL: completing [%s]\n  want: %s\n  have: %s\n' "$*" "$want" "$have"
        failures=$((failures + 1))
    fi
}

# Every word of want is among the completions.
expect_among()
{
    local want=$1
    shift
    local have w
    have=" $(complete_words "$@") "
    for w in $want; do
        if [[ $have != *" $w "* ]]; then
            printf 'FAIL: completing [%s]: %s missing from: %s\n' "$*" "$w" "$have"
            failures=$((failures + 1))
        fi
    done
}

expect_absent()
{
    local unwanted=$1
    shift
    local have w
    have=" $(complete_words "$@") "
    for w in $unwanted; do
        if [[ $have == *" $w "* ]]; then
            printf 'FAIL: completing [%s]: %s offered\n' "$*" "$w"
            failures=$((failures + 1))
        fi
    done
}

[[ $(complete -p stackscope 2>/dev/null) == "complete -F _stackscope stackscope" ]] ||
    { echo "FAIL: no 'complete -F _stackscope stackscope'"; failures=$((failures + 1)); }

b=$binary
# Options, each word they take (from the usage), with and without '='.
expect "--follow --follow-format" "$b" --fol
expect "ascii hex raw" "$b" --follow-format ""
expect "hex" "$b" --follow-format h
expect "always auto never" "$b" --color =
expect "always" "$b" --color = al
expect "always auto never" "$b" --colour ""
expect "in inout out" "$b" -Q ""
expect "en fr" "$b" --lang ""
expect "micro nano" "$b" --time-stamp-precision = ""
expect "--color=" "$b" --col
expect_among "-r -w -F -i -D -c -v -x -X -A -e -q -S -Z --json --explain --conversations --follow --html --lang --version --help --diagram --time-stamp-precision=" "$b" -
expect_absent "--port --record --replay" "$b" --
expect "demo" "$b" de
expect "" "$b" -c ""
expect "" "$b" -r f.pcap -- -

# demo: its options and its scenarios, as the program names them in its unknown-scenario error.
scenarios=$("$b" demo no-such-scenario 2>&1 | sed -E 's/.*\(one of: //; s/\)$//; s/, /\n/g' |
    LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
[[ " $scenarios " == *" exchange "* ]] ||
    { echo "FAIL: no scenarios in demo's error: $scenarios"; failures=$((failures + 1)); }
expect "$scenarios" "$b" demo ""
expect "lost-segment" "$b" demo lo
# One scenario a run: none offered once one is on the line; an option's value is not one.
expect "" "$b" demo udp ""
expect "" "$b" demo --lang fr http --port 6000 ""
expect "$scenarios" "$b" demo --lang fr ""
expect "$scenarios" "$b" demo --color = always --record /tmp ""
expect "--color= --html --lang --port --record --replay" "$b" demo udp --
expect "--color= --html --lang --port --record --replay" "$b" demo --
expect "en fr" "$b" demo --lang ""
expect "" "$b" demo --port ""

# Interfaces, as -D lists them; lo is always there.
interfaces=$("$b" -D | sed -E 's/^[0-9]+\.([^ ]+).*/\1/' | LC_ALL=C sort | tr '\n' ' ' |
    sed 's/ $//')
expect "$interfaces" "$b" -i ""
expect_among "lo" "$b" -i l

# Files after -r, -w, -F and --html; only folders after demo's --record and --replay.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/caps" "$tmp/cap-dir"
touch "$tmp/caps/one.pcap" "$tmp/caps/two.pcapng" "$tmp/capture.pcap"
expect "$tmp/cap-dir $tmp/caps $tmp/capture.pcap" "$b" -r "$tmp/cap"
expect "$tmp/caps/one.pcap $tmp/caps/two.pcapng" "$b" -w "$tmp/caps/"
expect "$tmp/caps/one.pcap" "$b" -F "$tmp/caps/o"
expect "$tmp/caps/two.pcapng" "$b" --html "$tmp/caps/t"
expect "$tmp/cap-dir $tmp/caps" "$b" demo --record "$tmp/cap"
expect "$tmp/cap-dir $tmp/caps" "$b" demo --replay "$tmp/cap"
expect_among "root nobody" "$b" -Z ""

# Installed: the command typed is "stackscope", found in PATH.
mkdir "$tmp/bin"
ln -s "$(readlink -f "$b")" "$tmp/bin/stackscope"
PATH="$tmp/bin:$PATH" expect "--follow --follow-format" stackscope --fol
PATH="$tmp/bin:$PATH" expect "$scenarios" stackscope demo ""

if ((failures)); then
    echo "$failures completion check(s) failed"
    exit 1
fi
echo "bash completion: all checks passed"
