#!/usr/bin/env python3
"""Runs stackscope (the sanitizer build, in CI) in every output mode over every capture of the
given directories: zero sanitizer reports, zero crashes, every run exits 0 or 1.

Usage: run_all_modes.py STACKSCOPE DIR...
"""
import concurrent.futures
import os
import subprocess
import sys

MODES = [[], ["-v"], ["--diagram"], ["-x"], ["-X", "-e"], ["--json"], ["-S", "-e", "-v", "-X"],
         ["--explain"], ["-v", "--explain", "--lang", "fr"], ["--conversations", "--lang", "fr"],
         ["--conversations", "--json"], ["--follow", "0"],
         ["--follow", "0", "--follow-format", "hex"], ["--follow", "0", "--follow-format", "raw"]]
BAD = ("runtime error", "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer")


def run(binary, path, mode):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    try:
        p = subprocess.run([binary, *mode, "-r", path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        return "%s %s: timed out" % (path, " ".join(mode))
    err = p.stderr.decode("utf-8", "replace")
    if err.startswith("reading from file "):  # tcpdump's banner, first line
        err = err.split("\n", 1)[1] if "\n" in err else ""
    if p.returncode not in (0, 1) or any(b in err for b in BAD):
        return "%s %s: exit %d: %s" % (path, " ".join(mode), p.returncode, err[:2000])
    # --follow 0 where the capture has no stream 0 says so, and a read error after it its own line
    lines = 2 if "--follow" in mode else 1
    if p.returncode == 1 and not 1 <= err.count("\n") <= lines:
        return "%s %s: exit 1 with %d stderr lines: %s" % (path, " ".join(mode),
                                                          err.count("\n"), err[:500])
    return None


def main():
    binary, dirs = sys.argv[1], sys.argv[2:]
    files = []
    for d in dirs:
        files += [os.path.join(d, f) for f in sorted(os.listdir(d))
                  if f.endswith((".pcap", ".pcapng"))]
    jobs = [(f, m) for f in files for m in MODES]
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for res in ex.map(lambda j: run(binary, *j), jobs):
            if res:
                failures.append(res)
    for f in failures:
        print(f)
    print("%d files x %d modes" % (len(files), len(MODES)))
    print("%d passed, %d failed" % (len(jobs) - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
