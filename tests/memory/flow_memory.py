#!/usr/bin/env python3
"""Peak memory of `stackscope --json -r` over 10 k and 1 M distinct TCP connections: the flow
table is fixed-size, so the peak must not grow with the number of connections.

Usage: flow_memory.py STACKSCOPE WORK_DIR [SLACK_MB]
Prints both peaks; fails if the 1 M run needs more than SLACK_MB (default 8) above the 10 k run.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def peak_rss_kb(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed: %s" % (" ".join(cmd), err))
    return usage.ru_maxrss


def main():
    binary, work = sys.argv[1], sys.argv[2]
    slack_mb = float(sys.argv[3]) if len(sys.argv) > 3 else 8
    os.makedirs(work, exist_ok=True)
    peaks = {}
    for n in (10_000, 1_000_000):
        path = os.path.join(work, "conns-%d.pcap" % n)
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "..", "bench", "gen_connections.py"),
                            str(n), path], check=True)
        peaks[n] = peak_rss_kb([binary, "--json", "-r", path])
        print("%9d connections: peak RSS %.1f MB" % (n, peaks[n] / 1024))
    growth = (peaks[1_000_000] - peaks[10_000]) / 1024
    ok = growth <= slack_mb
    print("growth %.1f MB (limit %.0f MB)" % (growth, slack_mb))
    print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
