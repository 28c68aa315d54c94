#!/usr/bin/env bash
# cpack -G DEB from a release build of its own (never the sanitizer build under test): the
# package's control fields (Depends names the package that holds this machine's libpcap.so.0.8:
# libpcap0.8 on Debian 12), its files (the binary stripped, the man page gzipped -9n, the
# completion, copyright and changelog), lintian without an error or a warning (lintian must be
# there: scripts/install-deps --test), and the package unpacked into a throwaway root (dpkg -x,
# nothing installed in the system): its binary's --version and its demo as nobody from /.
#   test_deb.sh SOURCE_DIR WORK_DIR VERSION C_COMPILER
set -u
source_dir=$(readlink -f "$1")
work=$2
version=$3
compiler=$4
failures=0
fail()
{
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}

rm -rf "$work"
mkdir -p "$work"
build=$work/build
# Debian's hardening flags (fortify, stack protector, relro, PIE), warnings still errors.
if command -v dpkg-buildflags >/dev/null; then
    export DEB_BUILD_MAINT_OPTIONS=hardening=+all
    CFLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CFLAGS)"
    LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
    export CFLAGS LDFLAGS
fi
if ! { cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DSTACKSCOPE_WERROR=ON -DCMAKE_C_COMPILER="$compiler" && cmake --build "$build" -j2 --target stackscope &&
    (cd "$build" && cpack -G DEB); } >"$work/build.log" 2>&1; then
    tail -30 "$work/build.log"
    echo "FAIL: release build or cpack -G DEB"
    exit 1
fi
arch=$(dpkg --print-architecture)
deb=$build/stackscope_${version}_${arch}.deb
[[ -f $deb ]] || { echo "FAIL: no $deb: $(ls "$build"/*.deb 2>&1)"; exit 1; }

field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == stackscope ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version)"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture: $(field Architecture)"
[[ $(field Section) == net ]] || fail "Section: $(field Section)"
[[ $(field Maintainer) == *"<"*"@"*">" ]] || fail "Maintainer: $(field Maintainer)"
[[ $(field Description) == "raw-packet inspector and socket lesson demo"* ]] ||
    fail "Description: $(field Description | head -1)"
# The package that holds the libpcap the binary links, as dpkg knows it here.
libpcap=$(ldd "$build/stackscope" | awk '/libpcap/ { print $3 }')
pcap_pkg=$(dpkg -S "$(readlink -f "$libpcap")" 2>/dev/null | cut -d: -f1 | head -1)
[[ -n $pcap_pkg ]] || fail "no package holds $libpcap"
depends=$(field Depends)
[[ ", $depends," == *", $pcap_pkg "[\(,]* || ", $depends," == *", $pcap_pkg,"* ]] ||
    fail "Depends '$depends' does not name $pcap_pkg"
[[ $depends == *libc6* ]] || fail "Depends '$depends' does not name libc6"

files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $1, $6 }' | sort | tr '\n' ';')
want="-rw-r--r-- ./usr/share/bash-completion/completions/stackscope;"
want+="-rw-r--r-- ./usr/share/doc/stackscope/changelog.gz;-rw-r--r-- ./usr/share/doc/stackscope/copyright;"
want+="-rw-r--r-- ./usr/share/man/man1/stackscope.1.gz;-rwxr-xr-x ./usr/bin/stackscope;"
[[ $files == "$want" ]] || fail "the package's files: $files"
dpkg-deb -c "$deb" | awk '{ print $2 }' | grep -qv '^root/root$' && fail "a file not owned by root/root"

root=$work/root
mkdir -p "$root"
chmod 755 "$work" "$root"
dpkg -x "$deb" "$root" || fail "dpkg -x"
bin=$root/usr/bin/stackscope
readelf -S "$bin" | grep -qF '.symtab' && fail "the binary is not stripped (it has a .symtab)"
man=$root/usr/share/man/man1/stackscope.1.gz
# gzip -9n: no name, no time stamp (header bytes 3, the flags, without FNAME; 4-7 zero).
header=$(head -c 8 "$man" | od -An -tx1 | tr -d ' \n')
[[ ${header:0:6} == 1f8b08 && $((0x${header:6:2} & 8)) == 0 && ${header:8:8} == 00000000 ]] ||
    fail "man page not gzipped -n: header $header"
zcat "$man" | cmp -s - "$source_dir/man/stackscope.1" || fail "the packaged man page differs"
if ! MANWIDTH=80 man -l "$man" 2>"$work/man.err" | grep -q '^STACKSCOPE(1)' || [[ -s $work/man.err ]]; then
    fail "man -l of the packaged page: $(cat "$work/man.err")"
fi
zcat "$root/usr/share/doc/stackscope/changelog.gz" | head -1 |
    grep -qxF "stackscope ($version) unstable; urgency=medium" || fail "changelog's first line"
[[ $("$bin" --version) == "stackscope $version" ]] || fail "--version: $("$bin" --version 2>&1)"

if [[ $(id -u) == 0 ]]; then
    runas=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --reset-env)
else
    runas=()
fi
(cd / && "${runas[@]}" "$bin" demo >"$work/demo.out" 2>"$work/demo.err")
rc=$?
[[ $rc == 0 && ! -s $work/demo.err ]] || fail "the packaged demo as nobody from /: exit $rc: $(head -c 600 "$work/demo.err")"
for line in "stackscope demo: exchange - the lesson's exchange, one message each way" \
    "11 packets, 35 bytes of application data, 742 bytes of headers:"; do
    grep -qxF "$line" "$work/demo.out" || fail "the packaged demo's walkthrough lacks: $line"
done

if command -v lintian >/dev/null; then
    # Its status too: a lintian that could not check the package prints no E: or W: line.
    # TMPDIR: lintian leaves two mldbm-elf-* files in its temporary folder each run.
    mkdir -p "$work/tmp"
    TMPDIR=$work/tmp lintian --allow-root --fail-on error,warning "$deb" >"$work/lintian.out" 2>&1
    rc=$?
    grep -E '^[EW]: ' "$work/lintian.out"
    ((rc == 0)) || fail "lintian: exit $rc: $(grep -vE '^[EW]: ' "$work/lintian.out" | head -5)"
else # a check skipped would pass unseen: as the man page's test does without mandoc
    fail "lintian not found: the package's policy checks cannot run (scripts/install-deps --test)"
fi

if ((failures)); then
    echo "$failures package check(s) failed"
    exit 1
fi
echo "deb: $(basename "$deb"), Depends: $depends; files, man page, demo as nobody from / all right"
