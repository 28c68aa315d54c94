#!/usr/bin/env python3
"""Peak memory of `stackscope --conversations -r` over 100 k and 1 M distinct TCP connections:
the conversation table keeps its first 65536 rows and sums the rest, so once it is full (both
runs fill it) the peak must not grow with the number of connections. Also checks what the table
says it left out: every connection past the first 65536, counted exactly.

Usage: conv_memory.py STACKSCOPE WORK_DIR [SLACK_MB]
Prints both peaks; fails if the 1 M run needs more than SLACK_MB (default 4) above the 100 k run.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 65536


def run(cmd):
    """(peak RSS in kB, stdout) of cmd."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed: %s" % (" ".join(cmd), err))
    return usage.ru_maxrss, out


def main():
    binary, work = sys.argv[1], sys.argv[2]
    slack_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.makedirs(work, exist_ok=True)
    peaks, failed = {}, 0
    for n in (100_000, 1_000_000):
        path = os.path.join(work, "conns-%d.pcap" % n)
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "..", "bench", "gen_connections.py"),
                            str(n), path], check=True)
        peaks[n], out = run([binary, "--conversations", "-r", path])
        print("%9d connections: peak RSS %.1f MB" % (n, peaks[n] / 1024))
        want = ("Total: %d conversations, %d packets, %d bytes\n"
                "Not listed (the table keeps the first %d): %d conversations, %d packets, "
                "%d bytes\n" % (n, n, 54 * n, ROWS, n - ROWS, n - ROWS, 54 * (n - ROWS)))
        if want not in out:
            print("FAIL: %d connections: expected\n%s" % (n, want))
            failed += 1
        rows = out.count("10.0.")  # each listed connection's A endpoint, 10.0.x.y
        if rows != ROWS:
            print("FAIL: %d connections: %d rows listed, expected %d" % (n, rows, ROWS))
            failed += 1
    growth = (peaks[1_000_000] - peaks[100_000]) / 1024
    if growth > slack_mb:
        failed += 1
    print("growth %.1f MB (limit %.0f MB)" % (growth, slack_mb))
    print("%d passed, %d failed" % (1 if not failed else 0, failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
