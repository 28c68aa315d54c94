#!/usr/bin/env python3
"""follow_compare.py - `stackscope --follow N --follow-format raw` against tshark 4.0's
`-z follow,tcp,raw,N`, byte for byte, over every TCP stream of every capture given.

Usage: follow_compare.py STACKSCOPE [--differences FILE] [--jobs N] DIR_OR_CAPTURE...

One tshark run per capture: it lists its tcp.stream numbers (-T fields) and follows, in the same
pass, streams 0 to K-1 (K: the streams stackscope numbers, plus 2), so every stream tshark knows
is compared unless stackscope numbers fewer (then it counts as not compared, a failure). Each
stream is compared as a whole and direction by direction (Node 0's lines, Node 1's tabbed lines).
A stream whose difference is known and explained is listed in the differences file
("capture<TAB>stream<TAB>reason"); a listed stream that has become equal is reported too, so the
list stays true. Exit 0 when every stream is equal or listed.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

HEADER = re.compile(rb"\n=+\nFollow: tcp,raw\nFilter: tcp\.stream eq (\d+)\n")


def captures(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                full = os.path.join(p, name)
                if os.path.isfile(full) and name.endswith((".pcap", ".pcapng", ".cap")):
                    yield full
        else:
            yield p


def our_stream_count(prog, cap):
    out = subprocess.run([prog, "-r", cap, "--json"], capture_output=True, env={"TZ": "UTC"})
    streams = set()
    for line in out.stdout.splitlines():
        try:
            tcp = json.loads(line).get("tcp") or {}
        except ValueError:
            continue
        if "stream" in tcp:
            streams.add(tcp["stream"])
    return max(streams) + 1 if streams else 0


def tshark_follow(cap, count):
    args = ["tshark", "-n", "-r", cap, "-T", "fields", "-e", "tcp.stream"]
    for n in range(count):
        args += ["-z", "follow,tcp,raw,%d" % n]
    out = subprocess.run(args, capture_output=True).stdout
    first = HEADER.search(out)
    fields = out[: first.start()] if first else out
    known = set()
    for line in fields.decode().splitlines():
        for v in line.split(","):
            if v.strip():
                known.add(int(v))
    follows = {}
    marks = list(HEADER.finditer(out))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(out)
        follows[int(m.group(1))] = out[m.start(): end]
    return known, follows


def directions(text):
    lines = text.split(b"\n")
    blocks = [l for l in lines if re.fullmatch(rb"\t?[0-9a-f]+", l)]
    return ([l for l in blocks if not l.startswith(b"\t")],
            [l for l in blocks if l.startswith(b"\t")])


def compare_capture(prog, cap):
    count = our_stream_count(prog, cap)
    known, theirs = tshark_follow(cap, count + 2)
    results = []
    for n in sorted(known):
        if n not in theirs:
            results.append((cap, n, "not compared: stackscope numbers fewer streams", 0, 0))
            continue
        ours = subprocess.run([prog, "-r", cap, "--follow", str(n), "--follow-format", "raw"],
                              capture_output=True).stdout
        d_ours, d_theirs = directions(ours), directions(theirs[n])
        same_dirs = sum(1 for i in range(2) if d_ours[i] == d_theirs[i])
        results.append((cap, n, None if ours == theirs[n] else "differs", same_dirs, 2))
    return results


def main():
    argv = sys.argv[1:]
    prog = argv.pop(0)
    listed, jobs = {}, 2
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--differences":
            with open(argv.pop(0)) as f:
                for line in f:
                    if line.strip() and not line.startswith("#"):
                        cap, stream, why = line.rstrip("\n").split("\t", 2)
                        listed[(cap, int(stream))] = why
        elif opt == "--jobs":
            jobs = int(argv.pop(0))
    caps = list(captures(argv))
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        all_results = [r for rs in pool.map(lambda c: compare_capture(prog, c), caps) for r in rs]
    failures, equal, dirs_equal, dirs = [], 0, 0, 0
    for cap, n, problem, same_dirs, both in all_results:
        key = (os.path.basename(cap), n)
        equal += problem is None
        dirs_equal += same_dirs
        dirs += both
        if problem and key not in listed:
            failures.append("%s stream %d: %s (%d of 2 directions equal)" %
                            (key[0], n, problem, same_dirs))
        elif not problem and key in listed:
            failures.append("%s stream %d: equal now, remove it from the differences" % key)
    compared = sum(1 for r in all_results if r[4])
    print("follow raw vs tshark: %d captures, %d TCP streams (tshark's), %d compared, %d equal "
          "byte for byte; directions %d of %d equal; %d listed differences"
          % (len(caps), len(all_results), compared, equal, dirs_equal, dirs, len(listed)))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
