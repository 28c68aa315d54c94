#!/usr/bin/env bash
# cmake --install into a throwaway prefix (and through DESTDIR): the binary, the man page and the
# bash completion where GNUInstallDirs puts them; the installed binary's --version; its man page
# rendered by man -l without a warning; and its demo run as nobody from / - no capture rights, so
# it shows the recorded run, which must be in the binary: the source and build trees are not
# where an installed program looks.
#   test_install.sh BUILD_DIR SOURCE_DIR VERSION
set -u
build=$1
source_dir=$(readlink -f "$2")
version=$3
failures=0
fail()
{
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # nobody runs the installed binary below

prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install $build --prefix $prefix"
    exit 1
fi
for f in bin/stackscope share/man/man1/stackscope.1 share/bash-completion/completions/stackscope; do
    [[ -f $prefix/$f ]] || fail "$f not installed under the prefix"
done
[[ -x $prefix/bin/stackscope ]] || fail "bin/stackscope is not executable"
[[ $(stat -c %a "$prefix/share/man/man1/stackscope.1") == 644 ]] || fail "man page not mode 644"
cmp -s "$prefix/share/man/man1/stackscope.1" "$source_dir/man/stackscope.1" ||
    fail "the installed man page differs from man/stackscope.1"
cmp -s "$prefix/share/bash-completion/completions/stackscope" \
    "$source_dir/completions/stackscope.bash" ||
    fail "the installed completion differs from completions/stackscope.bash"
# Nothing else: no header, library or test program installed.
installed=$(cd "$prefix" && find . -type f | sort | tr '\n' ' ')
[[ $installed == "./bin/stackscope ./share/bash-completion/completions/stackscope ./share/man/man1/stackscope.1 " ]] ||
    fail "installed files: $installed"

# DESTDIR: staged under it, at the prefix given.
if DESTDIR=$tmp/dest cmake --install "$build" --prefix /usr >"$tmp/destdir.log" 2>&1; then
    [[ -x $tmp/dest/usr/bin/stackscope && -f $tmp/dest/usr/share/man/man1/stackscope.1 ]] ||
        fail "DESTDIR=$tmp/dest --prefix /usr: not staged under $tmp/dest/usr"
else
    fail "DESTDIR install: $(cat "$tmp/destdir.log")"
fi

have=$("$prefix/bin/stackscope" --version 2>&1)
[[ $have == "stackscope $version" ]] || fail "--version printed '$have', not 'stackscope $version'"

# The man page as man renders it, with no warning.
MANWIDTH=80 man -l "$prefix/share/man/man1/stackscope.1" >"$tmp/man.out" 2>"$tmp/man.err"
rc=$?
[[ $rc == 0 && ! -s $tmp/man.err ]] || fail "man -l: exit $rc: $(cat "$tmp/man.err")"
if ! grep -q '^STACKSCOPE(1)' "$tmp/man.out" || ! grep -q '^NAME' "$tmp/man.out" ||
    ! grep -q 'stackscope - raw-packet inspector' "$tmp/man.out"; then
    fail "man -l rendered: $(head -5 "$tmp/man.out")"
fi

# The installed program holds no path to the recordings in the source tree.
if grep -qF "$source_dir/captures" "$prefix/bin/stackscope"; then
    fail "the installed binary names $source_dir/captures"
fi

# The demo as nobody, from /: no capture rights, so the recorded run, built into the program.
# (Run as root - as in CI - setpriv drops to nobody and every capability with it.)
if [[ $(id -u) == 0 ]]; then
    runas=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --reset-env)
else
    runas=() # already unprivileged
fi
(cd / && "${runas[@]}" "$prefix/bin/stackscope" demo >"$tmp/demo.out" 2>"$tmp/demo.err")
rc=$?
head -c 2000 "$tmp/demo.err"
[[ $rc == 0 ]] || fail "the installed demo as nobody from / exited $rc: $(head -c 600 "$tmp/demo.out")"
[[ ! -s $tmp/demo.err ]] || fail "the installed demo wrote to stderr"
grep -q '^stackscope demo: no permission to capture on loopback' "$tmp/demo.out" ||
    fail "the demo's first line does not say it cannot capture: $(head -1 "$tmp/demo.out")"
for line in "stackscope demo: exchange - the lesson's exchange, one message each way" \
    " 6 client          connect(('127.0.0.1', 5005)) -> 0 (ok)" \
    "Ladder (time flows down; seq and ack relative to each side's start)" \
    "11 packets, 35 bytes of application data, 742 bytes of headers:"; do
    grep -qxF "$line" "$tmp/demo.out" || fail "the walkthrough lacks the line: $line"
done
grep -qF "$source_dir" "$tmp/demo.out" && fail "the demo names the source tree: $(grep -F "$source_dir" "$tmp/demo.out")"

if ((failures)); then
    echo "$failures install check(s) failed"
    exit 1
fi
echo "install: prefix, DESTDIR, --version, man -l and the demo as nobody from / all right"
